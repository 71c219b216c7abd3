DELETE FROM sessions WHERE expires_at < NOW() LIMIT 1000;
