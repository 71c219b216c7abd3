SELECT id FROM orders WHERE total * 1.2 > 100;
