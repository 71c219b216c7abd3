SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id JOIN countries k ON k.code = c.country;
