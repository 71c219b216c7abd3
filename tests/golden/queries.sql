SELECT * FROM orders WHERE id = 42
select  *  from orders where id=43 /* controller='orders',action='show' */
INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')
SELECT c FROM t WHERE id IN (1, 2, 3) ORDER BY c ASC LIMIT 10 OFFSET 20
CALL update_stats(7, 'daily')
use shop
UPDATE db2.orders_2024 SET total = total + 1.5 WHERE customer_id = 0x1F AND flag = TRUE
