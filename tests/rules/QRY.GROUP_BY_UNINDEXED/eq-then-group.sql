SELECT created_at, COUNT(*) FROM orders WHERE status = 'new' GROUP BY created_at;
