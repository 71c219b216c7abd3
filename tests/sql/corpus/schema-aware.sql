-- source: fixtures/slowlogs/mariadb-10.11-shop.log (an int column compared with a string: no index defeat)
SELECT id, email FROM customers WHERE id = '17abc';
-- source: tricky: a varchar column compared with a number (type_conversion)
SELECT COUNT(*) FROM orders WHERE status = 5;
-- source: tricky: a char column compared with a number (type_conversion)
SELECT id FROM products WHERE sku = 54;
-- source: tricky: a placeholder has no known type, so no conversion is claimed
SELECT session_id, items FROM cart_sessions WHERE session_id = ?;
-- source: tricky: join of a varchar column with an int column (the varchar side loses its index)
SELECT c.id FROM customers c JOIN legacy_customers l ON l.old_ref = c.id;
-- source: tricky: join of a latin1 column with a utf8mb4 column (collation_conversion on the latin1 side)
SELECT c.id FROM customers c JOIN legacy_customers l ON l.email = c.email;
-- source: tricky: unqualified columns in a join resolved through the schema
SELECT name, total FROM customers c JOIN orders o ON customer_id = c.id WHERE country = 'FR';
-- source: tricky: a column both tables have stays unresolved
SELECT id FROM customers c JOIN orders o ON o.customer_id = c.id;
-- source: fixtures/slowlogs/mariadb-10.11-shop.log (a column the table does not have)
SELECT missing_column FROM customers WHERE id = 1;
-- source: tricky: a table missing from the schema could have any column
SELECT total, note FROM orders o JOIN audit_notes a ON a.order_id = o.id;
-- source: tricky: NATURAL JOIN with the schema: the common columns id, status, created_at
SELECT o.total FROM orders o NATURAL JOIN customers c WHERE c.country = 'JP';
-- source: fixtures/slowlogs/mariadb-10.11-shop.log
SELECT p.category, SUM(oi.qty * oi.unit_price) AS revenue FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.category ORDER BY revenue DESC;
-- source: fixtures/slowlogs/mariadb-10.11-shop.log (GROUP BY a select alias the table does not have as a column)
SELECT DATE(created_at) AS day, COUNT(*), SUM(total) FROM orders WHERE created_at >= '2024-01-01' AND created_at < '2024-02-01' GROUP BY day;
-- source: fixtures/slowlogs/mariadb-10.11-shop.log (a literal with a doubled quote and a semicolon; OR across columns)
SELECT id, name FROM customers WHERE name = 'O''Brien; DROP TABLE x' OR email = 'a;b@example.com';
-- source: fixtures/slowlogs/mariadb-10.11-shop.log (run after USE shop_reporting; here --db shop applies)
REPLACE INTO daily_sales SELECT DATE(created_at), COUNT(*), SUM(total) FROM shop.orders WHERE created_at < '2023-03-01' GROUP BY DATE(created_at);
-- source: fixtures/slowlogs/mariadb-10.11-shop.log (MEMORY-table upsert)
INSERT INTO cart_sessions (session_id, customer_id, items, updated_at) VALUES (MD5('cart7'), 17, 1, '2024-07-01 10:00:00') ON DUPLICATE KEY UPDATE items = items + 1, updated_at = VALUES(updated_at);
