CREATE TABLE docs (path VARCHAR(200) NOT NULL, title VARCHAR(100), owner INT, created DATETIME, PRIMARY KEY (path), KEY (owner), KEY (created)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
