INSERT INTO orders (id, status, created_at) VALUES (1, 'new', NOW());
