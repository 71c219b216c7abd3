SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY c.country, o.created_at LIMIT 10;
