SELECT id FROM users WHERE name LIKE '%son';
