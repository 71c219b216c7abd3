SELECT o.id FROM orders o, customers c JOIN countries k ON k.code = c.country WHERE c.id = o.customer_id;
