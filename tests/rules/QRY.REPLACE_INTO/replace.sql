REPLACE INTO settings (user_id, name, value) VALUES (?, ?, ?);
