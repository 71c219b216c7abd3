SELECT id FROM orders WHERE customer_id = 42 AND country = 'FR' FOR UPDATE;
