-- source: tricky: subqueries nested three deep
SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE id IN (SELECT order_id FROM order_items WHERE product_id IN (SELECT id FROM products WHERE category = 'toys')));
-- source: tricky: a derived table reusing the outer table's name
SELECT o.id, orders.n FROM orders o JOIN (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) orders ON orders.customer_id = o.customer_id;
-- source: tricky: quoted identifiers with a dot and a doubled backtick inside
SELECT `a.b`.`x``y` FROM `a.b` WHERE `a.b`.`c``d` = 1;
-- source: tricky: all three comment kinds inside the statement
SELECT id # the key
  , name -- the label
  FROM /* a block comment; with a semicolon */ customers
 WHERE id = 3;
-- source: tricky: leading comments are skipped, positions count from the first keyword
/* app=billing */ -- second comment
# third comment
SELECT id FROM invoices WHERE amount + 0 > 10;
-- source: tricky: version comments hold code the server runs
SELECT /*!40001 SQL_NO_CACHE */ id FROM t /*!50001 FORCE INDEX (idx_a) */ WHERE a = 1;
-- source: tricky: optimizer hints are skipped (no facts)
SELECT /*+ MAX_EXECUTION_TIME(1000) BKA(t) */ id FROM t WHERE a = 2;
-- source: tricky: STRAIGHT_JOIN as a join operator and as a SELECT modifier
SELECT STRAIGHT_JOIN t1.a FROM t1 STRAIGHT_JOIN t2 ON t1.id = t2.t1_id;
-- source: tricky: index hints on several tables, FOR JOIN
SELECT o.id FROM orders o FORCE INDEX FOR JOIN (idx_customer) JOIN customers c IGNORE INDEX (PRIMARY) ON c.id = o.customer_id;
-- source: tricky: FOR SHARE (8.0 spelling of LOCK IN SHARE MODE) with SKIP LOCKED
SELECT id FROM jobs WHERE state = 'ready' ORDER BY id LIMIT 5 FOR SHARE SKIP LOCKED;
-- source: tricky: string literals holding keywords, quotes, a semicolon and escaped quotes
SELECT id FROM notes WHERE body = 'SELECT * FROM x WHERE y; -- not a comment' AND title = 'O''Brien' AND tag = 'it\'s' AND t2 = "say \"hi\"";
-- source: tricky: hex, bit, negative and scientific numbers are constants
SELECT id FROM flags WHERE mask = 0x1F AND bits = b'1011' AND raw = X'4D7953514C' AND delta > -42 AND ratio < 1.5e-3;
-- source: tricky: 5--1 is 5 minus -1 (not a comment), a constant expression
SELECT id FROM t WHERE id = 5--1;
-- source: tricky: a constant on the left is normalised, the column becomes the subject
SELECT id FROM t WHERE 10 < price AND 'x' = code;
-- source: tricky: arithmetic on the column
SELECT id FROM orders WHERE total * 1.2 > 100 AND created_at + INTERVAL 1 DAY > NOW();
-- source: tricky: function on the column vs function on the value
SELECT id FROM orders WHERE YEAR(created_at) = 2024 AND updated_at > DATE_SUB(NOW(), INTERVAL 7 DAY);
-- source: tricky: NOT IN, NOT LIKE, NOT BETWEEN
SELECT id FROM users WHERE role NOT IN ('admin', 'staff') AND email NOT LIKE '%@example.com' AND age NOT BETWEEN 18 AND 65;
-- source: tricky: leading underscore wildcard, LIKE without wildcard, IS NOT NULL
SELECT id FROM users WHERE code LIKE '_AB%' AND login LIKE 'bob' AND phone IS NOT NULL;
-- source: tricky: ORDER BY ordinal, an expression and a select-list alias; GROUP BY expression
SELECT status, DATE(created_at) AS d, COUNT(*) AS n FROM orders GROUP BY status, DATE(created_at) ORDER BY 1 DESC, n, LENGTH(status) + 1;
-- source: tricky: column names are case-insensitive, read lists each column once as first written
SELECT Status FROM orders WHERE STATUS = 'new' ORDER BY status;
-- source: tricky: three-part column name db.table.column
SELECT shop.orders.id FROM shop.orders WHERE shop.orders.total > 5;
-- source: tricky: same table in two blocks without alias
SELECT id FROM orders WHERE total > (SELECT AVG(total) FROM orders);
-- source: tricky: <=> and IN with placeholders
SELECT id FROM t WHERE a <=> NULL AND b IN (?, ?, ?);
-- source: tricky: pt-query-digest fingerprint of a join with IN list and limit
select o.id, c.name from orders o join customers c on c.id = o.customer_id where o.status in(?+) and c.country = ? order by o.created_at desc limit ?;
-- source: tricky: statement cut in the middle (slow log truncated)
SELECT id, name FROM customers WHERE country = 'FR' AND (city = 'Paris' OR city =;
-- source: tricky: an extra closing parenthesis
SELECT id FROM t WHERE (a = 1)) AND b = 2;
-- source: tricky: an unclosed parenthesis at the end
SELECT id FROM t WHERE a IN (1, 2;
-- source: tricky: SET and SHOW are other
SET SESSION sql_mode = 'ANSI_QUOTES';
-- source: tricky: double quotes are strings by default (the SET above does not change that)
SELECT id FROM t WHERE name = "id";
-- source: tricky: an unterminated string swallows the rest of the input
SELECT id FROM t WHERE name = 'abc;
