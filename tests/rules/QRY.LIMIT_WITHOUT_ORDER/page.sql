SELECT id, email FROM customers WHERE country = 'FR' LIMIT 20 OFFSET 40;
