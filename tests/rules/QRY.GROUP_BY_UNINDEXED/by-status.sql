SELECT status, COUNT(*) FROM orders GROUP BY status;
