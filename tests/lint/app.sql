-- Queries of the order service.
SELECT * FROM orders WHERE customer_id = 42;

SELECT id, status FROM orders
 WHERE DATE(created_at) = '2024-05-01'
 ORDER BY id LIMIT 20 OFFSET 50000;

/* slowdex:ignore QRY.SELECT_STAR,QRY.LARGE_OFFSET the admin export pages through everything */
SELECT * FROM orders ORDER BY id LIMIT 100 OFFSET 20000;

UPDATE orders SET status = 'archived';   # slowdex:ignore QRY.UPDATE_WITHOUT_WHERE
DELETE FROM sessions;
INSERT INTO payments VALUES (1, 1, 9.99, NULL);
SELECT c.name FROM customers c WHERE c.email LIKE '%@example.com';
