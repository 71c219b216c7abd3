SELECT id FROM orders WHERE total > 100 / 1.2;
