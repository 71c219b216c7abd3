-- source: sysbench 1.0 oltp_common.lua point_selects (prepared, as sent)
SELECT c FROM sbtest1 WHERE id=?;
-- source: sysbench 1.0 oltp_common.lua point_selects, as a slow log shows it (values expanded)
SELECT c FROM sbtest1 WHERE id=5018;
-- source: sysbench 1.0 oltp_common.lua simple_ranges
SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ?;
-- source: sysbench 1.0 oltp_common.lua sum_ranges (values expanded)
SELECT SUM(k) FROM sbtest3 WHERE id BETWEEN 4921 AND 5020;
-- source: sysbench 1.0 oltp_common.lua order_ranges
SELECT c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY c;
-- source: sysbench 1.0 oltp_common.lua distinct_ranges (values expanded)
SELECT DISTINCT c FROM sbtest2 WHERE id BETWEEN 10 AND 109 ORDER BY c;
-- source: sysbench 1.0 oltp_common.lua index_updates
UPDATE sbtest1 SET k=k+1 WHERE id=?;
-- source: sysbench 1.0 oltp_common.lua non_index_updates (values expanded)
UPDATE sbtest4 SET c='83868641912-28773972837-60736120486-75162659906-27563526494' WHERE id=5021;
-- source: sysbench 1.0 oltp_common.lua deletes
DELETE FROM sbtest1 WHERE id=?;
-- source: sysbench 1.0 oltp_common.lua inserts
INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?);
-- source: sysbench 1.0 oltp_common.lua begin
BEGIN;
-- source: sysbench 1.0 oltp_common.lua commit
COMMIT;
-- source: sysbench 1.0 select_random_points.lua (values expanded)
SELECT id, k, c, pad
          FROM sbtest1
          WHERE k IN (25, 9931, 4032, 7711, 2);
-- source: sysbench 1.0 select_random_ranges.lua (values expanded): an OR of ranges on one column is not an or_columns defeat
SELECT count(k)
          FROM sbtest1
          WHERE k BETWEEN 11 AND 20 OR k BETWEEN 501 AND 510 OR k BETWEEN 9000 AND 9009;
-- source: sysbench 1.0 bulk_insert.lua (INSERT without a column list)
INSERT INTO sbtest1 VALUES(1, 5011, '68487932199-96439406143-93774651418', '22195207048-70116052123'),(2, 4982, '13241531885-45658403807-79170748828', '63188288836-92351140030');
-- source: sysbench 1.0 oltp_common.lua create_table
CREATE TABLE sbtest1(
  id INTEGER NOT NULL AUTO_INCREMENT,
  k INTEGER DEFAULT '0' NOT NULL,
  c CHAR(120) DEFAULT '' NOT NULL,
  pad CHAR(60) DEFAULT '' NOT NULL,
  PRIMARY KEY (id)
) /*! ENGINE = innodb */;
-- source: sysbench 1.0 oltp_common.lua create_secondary_index
CREATE INDEX k_1 ON sbtest1(k);
-- source: sysbench 1.0 oltp_common.lua prepare (row count check)
SELECT COUNT(*) FROM sbtest1;
-- source: sysbench 1.0 oltp_read_only.lua with --tables=8, a db-qualified table (the qualifier wins over --db)
SELECT c FROM sbtest.sbtest8 WHERE id=?;
-- source: sysbench 1.0 oltp_common.lua point_selects, pt-query-digest fingerprint form
select c from sbtest? where id=?;
-- source: sysbench 1.0 oltp_common.lua order_ranges, pt-query-digest fingerprint form
select c from sbtest? where id between ? and ? order by c;
-- source: sysbench 1.0 oltp_common.lua index_updates, pt-query-digest fingerprint form
update sbtest? set k=k+? where id=?;
-- source: sysbench 1.0 oltp_common.lua inserts, pt-query-digest fingerprint form
insert into sbtest? (id, k, c, pad) values(?+);
-- source: sysbench 1.0 select_random_points.lua, pt-query-digest fingerprint form
select id, k, c, pad from sbtest? where k in(?+);
