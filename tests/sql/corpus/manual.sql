-- source: MySQL 8.0 manual 15.2.13.2 JOIN clause (nested join with a parenthesised table list)
SELECT * FROM t1 LEFT JOIN (t2, t3, t4) ON (t2.a = t1.a AND t3.b = t1.b AND t4.c = t1.c);
-- source: MySQL 8.0 manual 15.2.13.2 JOIN clause (rows missing from the right table)
SELECT left_tbl.* FROM left_tbl LEFT JOIN right_tbl ON left_tbl.id = right_tbl.id WHERE right_tbl.id IS NULL;
-- source: MySQL 8.0 manual 15.2.13.2 JOIN clause (USING, RIGHT JOIN, NATURAL JOIN without a schema)
SELECT a1, b1 FROM t1 RIGHT JOIN t2 USING (id) NATURAL JOIN t3;
-- source: MySQL 8.0 manual 10.9.4 Index Hints
SELECT * FROM table1 USE INDEX (col1_index,col2_index) WHERE col1=1 AND col2=2 AND col3=3;
-- source: MySQL 8.0 manual 10.9.4 Index Hints
SELECT * FROM t1 USE INDEX (i1) IGNORE INDEX FOR ORDER BY (i2) ORDER BY a;
-- source: MySQL 8.0 manual 10.9.4 Index Hints (FORCE KEY FOR GROUP BY)
SELECT a, COUNT(*) FROM t1 FORCE KEY FOR GROUP BY (i3) GROUP BY a;
-- source: MySQL 8.0 manual 15.2.15.3 Subqueries with ANY, IN, or SOME
SELECT s1 FROM t1 WHERE s1 > ANY (SELECT s1 FROM t2);
-- source: MySQL 8.0 manual 15.2.15.4 Subqueries with ALL (<> ALL is a negation)
SELECT s1 FROM t1 WHERE s1 <> ALL (SELECT s1 FROM t2);
-- source: MySQL 8.0 manual 15.2.15.7 Correlated Subqueries
SELECT * FROM t1 WHERE column1 = ANY (SELECT column1 FROM t2 WHERE t2.column2 = t1.column2);
-- source: MySQL 8.0 manual 15.2.15.8 Derived Tables (the derived table reuses the inner table's name)
SELECT AVG(sum_column1) FROM (SELECT SUM(column1) AS sum_column1 FROM t1 GROUP BY column1) AS t1;
-- source: MySQL 8.0 manual 15.2.20 WITH (two CTEs joined without ON, condition in WHERE)
WITH cte1 AS (SELECT a, b FROM table1), cte2 AS (SELECT c, d FROM table2) SELECT b, d FROM cte1 JOIN cte2 WHERE cte1.a = cte2.c;
-- source: MySQL 8.0 manual 15.2.20 WITH RECURSIVE
WITH RECURSIVE cte (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cte WHERE n < 5) SELECT * FROM cte;
-- source: MySQL 8.0 manual 14.20.2 Window Function Concepts and Syntax (OVER is not the statement's ORDER BY)
SELECT year, country, product, profit, SUM(profit) OVER (PARTITION BY country ORDER BY year) AS running FROM sales ORDER BY country, year, product, profit;
-- source: MySQL 8.0 manual 15.2.18 UNION (ORDER BY and LIMIT of the whole union)
SELECT a FROM t1 UNION SELECT b FROM t2 ORDER BY a LIMIT 10;
-- source: MySQL 8.0 manual 15.2.18 UNION (parenthesised members with their own ORDER BY and LIMIT)
(SELECT a FROM t1 WHERE a=10 AND B=1 ORDER BY a LIMIT 10) UNION (SELECT a FROM t2 WHERE a=11 AND B=2 ORDER BY a LIMIT 10);
-- source: MySQL 8.0 manual 10.2.1.3 Index Merge Optimization (OR across columns)
SELECT * FROM t1 WHERE key1 < 10 OR key2 < 20;
-- source: MySQL 8.0 manual 10.2.1.2 Range Optimization (OR on one column is not a defeat)
SELECT * FROM t1 WHERE key_col = 1 OR key_col IN (15,18,20);
-- source: MySQL 8.0 manual 15.2.13 SELECT (LIMIT offset, row_count)
SELECT * FROM tbl LIMIT 5,10;
-- source: MySQL 8.0 manual 15.7.7.22 SHOW INDEX
SHOW INDEX FROM mytable FROM mydb;
-- source: MySQL 8.0 manual 15.2.1 CALL
CALL p(@version, @increment);
-- source: MySQL 8.0 manual 15.8.2 EXPLAIN (EXPLAIN is not analysed)
EXPLAIN SELECT * FROM t1 WHERE a = 1;
