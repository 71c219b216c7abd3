SELECT id, email FROM customers WHERE country = 'FR' ORDER BY id LIMIT 20;
