SELECT id FROM orders WHERE created_at >= '2024-01-01' AND created_at < '2024-01-02';
