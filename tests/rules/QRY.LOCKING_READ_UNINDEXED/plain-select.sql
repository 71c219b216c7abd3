SELECT id FROM orders WHERE country = 'FR';
