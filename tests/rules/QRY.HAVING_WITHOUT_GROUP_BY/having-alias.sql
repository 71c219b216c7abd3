SELECT id, total * 1.2 AS gross FROM orders HAVING gross > 100;
