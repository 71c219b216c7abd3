CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id INT UNSIGNED NOT NULL, status VARCHAR(20) NOT NULL, country CHAR(2), created_at DATETIME NOT NULL, KEY idx_customer (customer_id), KEY idx_status_created (status, created_at)) ENGINE=InnoDB;
CREATE TABLE counters (name VARCHAR(40) NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=MyISAM;
