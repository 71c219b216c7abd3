SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.created_at, o.id LIMIT 10;
