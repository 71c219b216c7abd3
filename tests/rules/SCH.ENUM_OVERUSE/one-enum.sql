CREATE TABLE orders (id INT UNSIGNED NOT NULL PRIMARY KEY, status ENUM('new','paid','shipped')) ENGINE=InnoDB;
