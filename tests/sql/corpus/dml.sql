-- source: tricky: multi-table UPDATE with JOIN ... ON, the target named in SET is the written table
UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.status = 'blocked' WHERE c.status = 'suspended';
-- source: MySQL 8.0 manual 15.2.17 UPDATE (multiple-table, comma join)
UPDATE items,month SET items.price=month.price WHERE items.id=month.id;
-- source: MySQL 8.0 manual 15.2.17 UPDATE (ORDER BY in a single-table UPDATE)
UPDATE t SET id = id + 1 ORDER BY id DESC;
-- source: MySQL 8.0 manual 15.2.2 DELETE (multiple-table, targets before FROM)
DELETE t1, t2 FROM t1 INNER JOIN t2 INNER JOIN t3 WHERE t1.id=t2.id AND t2.id=t3.id;
-- source: MySQL 8.0 manual 15.2.2 DELETE (multiple-table, FROM ... USING)
DELETE FROM t1 USING t1 LEFT JOIN t2 ON t1.id = t2.id WHERE t2.id IS NULL;
-- source: MySQL 8.0 manual 15.2.2 DELETE (ORDER BY ... LIMIT)
DELETE FROM somelog WHERE user = 'jcole' ORDER BY timestamp_column LIMIT 1;
-- source: MySQL 8.0 manual 15.2.7.1 INSERT ... SELECT
INSERT INTO tbl_temp2 (fld_id) SELECT tbl_temp1.fld_order_id FROM tbl_temp1 WHERE tbl_temp1.fld_order_id > 100;
-- source: tricky: REPLACE ... SELECT into another database, with a GROUP BY
REPLACE INTO stats.daily (day, n) SELECT DATE(created_at), COUNT(*) FROM orders WHERE created_at >= '2024-01-01' GROUP BY DATE(created_at);
-- source: MySQL 8.0 manual 15.2.7.2 INSERT ... ON DUPLICATE KEY UPDATE
INSERT INTO t1 (a,b,c) VALUES (1,2,3) ON DUPLICATE KEY UPDATE c=c+1;
-- source: tricky: INSERT without a column list, multi-row, LOW_PRIORITY IGNORE
INSERT LOW_PRIORITY IGNORE INTO audit VALUES (NULL, 'login', NOW()), (NULL, 'logout', NOW());
-- source: tricky: UPDATE with a correlated subquery in SET (as in fixtures/slowlogs/mariadb-10.11-shop.log)
UPDATE orders o SET total = (SELECT SUM(qty * unit_price) FROM order_items i WHERE i.order_id = o.id);
-- source: tricky: DELETE with a NOT EXISTS anti-join
DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = sessions.user_id);
-- source: tricky: INSERT ... SELECT ... ON DUPLICATE KEY UPDATE reading the target
INSERT INTO totals (customer_id, n) SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id ON DUPLICATE KEY UPDATE n = totals.n + VALUES(n);
