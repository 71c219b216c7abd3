-- 0005: CREATE INDEX / DROP INDEX statements and index visibility.
USE features;

CREATE INDEX idx_placed ON orders (placed_at);
CREATE UNIQUE INDEX uk_sku_order ON order_lines (sku, order_id);
CREATE INDEX idx_total_desc ON orders (total DESC) COMMENT 'top-N by total';
CREATE INDEX idx_path_viewed USING BTREE ON page_views (path(20), viewed_at);
CREATE FULLTEXT INDEX ft_guest ON room_bookings (guest);
CREATE INDEX IF NOT EXISTS idx_placed ON orders (placed_at);
DROP INDEX idx_sku_hash ON order_lines;
DROP INDEX IF EXISTS idx_never_existed ON orders;
ALTER TABLE customers ALTER INDEX idx_domain IGNORED;
CREATE OR REPLACE INDEX idx_phone ON customers (phone, country_code);
-- 0006: renames (also across databases), drops, and a change in the other database.
USE features;

RENAME TABLE tags TO labels, customer_tags TO customer_labels;
ALTER TABLE audit_log_2024 RENAME TO audit_log_archive;
RENAME TABLE features.no_pk TO other.no_pk;

DROP TABLE IF EXISTS export_csv, does_not_exist;
DROP TABLE metrics_key;

USE other;
ALTER TABLE customers
  ADD COLUMN email VARCHAR(100) NULL,
  ADD UNIQUE INDEX uk_email (email);
USE features;
