SELECT id FROM customers WHERE country = 'FR' OR country = 'DE';
