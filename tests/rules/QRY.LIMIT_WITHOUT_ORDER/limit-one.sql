SELECT 1 FROM customers WHERE country = 'FR' LIMIT 1;
