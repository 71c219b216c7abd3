SELECT COUNT(*) FROM orders WHERE customer_id = 42;
