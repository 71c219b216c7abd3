DELETE FROM sessions WHERE expires_at < NOW() ORDER BY id LIMIT 1000;
