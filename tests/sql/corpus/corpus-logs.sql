-- source: percona-toolkit t/lib/samples/slowlogs/slow029.txt (Rails 2 style, IN list in parentheses)
SELECT * FROM `events`     WHERE (`events`.`id` IN (51118,51129,50893,50567,50817,50834,50608,50815,51023,50903,50820,50003,50890,50673,50596,50553,50618,51103,50578,50732,51021));
-- source: percona-toolkit t/lib/samples/slowlogs/slow029.txt (= NULL, OR across columns)
SELECT * FROM `users`     WHERE (email = NULL or new_email = NULL);
-- source: percona-toolkit t/lib/samples/slowlogs/slow038.txt
UPDATE tbl SET foo='bar' WHERE foo IS NULL;
-- source: percona-toolkit t/lib/samples/slowlogs/slow038.txt (a WHERE without any column)
DELETE FROM tbl3 WHERE 1=1;
-- source: percona-toolkit t/lib/samples/slowlogs/slow038.txt (INSERT ... SELECT * without a column list)
INSERT INTO db6.tbl6 SELECT * FROM tbl7 WHERE id>1;
-- source: percona-toolkit t/lib/samples/slowlogs/slow046.txt (quoted names with a space and a dash, a double-quoted string with a DEL byte and UTF-8)
select abc, XYZ FROM `a tbl`, `t-2` WHERE 1 != 2 AND 3<>3 OR "�" OR '"`"';
-- source: percona-toolkit t/lib/samples/slowlogs/slow050.txt (subquery in SET)
UPDATE mybbl_MBMessage SET groupId = (select groupId from Group_ where name = 'Guest');
-- source: percona-toolkit t/lib/samples/slowlogs/slow053.txt (IS NOT NULL)
SELECT * FROM blah WHERE id IS NOT NULL;
-- source: percona-toolkit t/lib/samples/slowlogs/slow056.txt
update t set b = b + 30 where user_id=1;
-- source: percona-toolkit t/pt-index-usage/samples/slow007.txt
select * from sakila.actor where last_name like 'A%' order by actor_id;
-- source: percona-toolkit t/lib/samples/slowlogs/slow004.txt (identifiers that start with digits)
select 12_13_foo from (select 12foo from 123_bar) as 123baz;
-- source: percona-toolkit t/lib/samples/slowlogs/slow002.txt (multi-table UPDATE with USING, db-qualified)
update db2.tuningdetail_21_265507 n
      inner join db1.gonzo a using(gonzo) 
      set n.column1 = a.column1, n.word3 = a.word3;
-- source: percona-toolkit t/lib/samples/slowlogs/slow002.txt (USE is other and does not change the default database of later statements)
use db1;
-- source: percona-toolkit t/lib/samples/slowlogs/slow002.txt (after the use above: still no database)
INSERT INTO db3.vendor11gonzo (makef, bizzle)
VALUES ('', 'Exact');
-- source: percona-toolkit t/lib/samples/slowlogs/slow002.txt
UPDATE db4.vab3concept1upload
SET    vab3concept1id = '91848182522'
WHERE  vab3concept1upload='6994465';
-- source: percona-toolkit t/lib/samples/slowlogs/slow002.txt
SET insert_id=34484549,timestamp=1197996507;
