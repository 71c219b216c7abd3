# slowdex:ignore QRY.SELECT_STAR the export needs every column
SELECT * FROM orders;

-- a blank line above: this one does not cover the next statement
-- slowdex:ignore QRY.SELECT_STAR

SELECT * FROM customers;
-- slowdex:ignore QRY.NO_SUCH_RULE, QRY.SELECT_STAR -- renamed long ago
SELECT * FROM items;
