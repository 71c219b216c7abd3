SELECT id FROM customers WHERE country NOT IN ('FR', 'DE');
