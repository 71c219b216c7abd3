CREATE TABLE t (id INT UNSIGNED NOT NULL PRIMARY KEY, a INT, b INT, c INT, d INT, e INT, f INT, g INT, KEY wide (a, b, c, d, e, f, g), KEY ab (a, b)) ENGINE=InnoDB;
