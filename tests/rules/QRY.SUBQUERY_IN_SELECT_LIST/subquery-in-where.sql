SELECT o.id FROM orders o WHERE o.customer_id IN (SELECT id FROM customers WHERE country = 'FR');
