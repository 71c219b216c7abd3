SELECT id FROM orders WHERE created_at > ?;
