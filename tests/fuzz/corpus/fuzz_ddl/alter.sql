-- 0002: one ALTER TABLE with many clauses. MariaDB renames a column everywhere it is
-- used: in generated column expressions, CHECK constraints and index parts.
USE features;

ALTER TABLE customers
  ADD COLUMN phone VARCHAR(30) NULL AFTER email,
  ADD COLUMN IF NOT EXISTS loyalty_points INT NOT NULL DEFAULT 0 COMMENT 'added by 0002',
  ADD COLUMN IF NOT EXISTS email VARCHAR(10),
  ADD COLUMN tier TINYINT UNSIGNED NOT NULL DEFAULT 0 FIRST,
  DROP COLUMN legacy_code,
  DROP COLUMN IF EXISTS no_such_column,
  MODIFY COLUMN last_name VARCHAR(80) NOT NULL DEFAULT '' COMMENT 'widened',
  CHANGE COLUMN `first name` given_name VARCHAR(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL,
  RENAME COLUMN country TO country_code,
  RENAME COLUMN internal_note TO staff_note,
  ALTER COLUMN status SET DEFAULT 'on hold',
  ALTER COLUMN balance DROP DEFAULT,
  ADD INDEX idx_phone (phone),
  DROP INDEX idx_country,
  ADD UNIQUE KEY uk_phone_country (phone, country_code),
  RENAME INDEX idx_created_desc TO idx_created,
  ALTER INDEX idx_full_name NOT IGNORED,
  DROP CONSTRAINT chk_balance,
  ADD CONSTRAINT chk_points CHECK (loyalty_points >= 0),
  COMMENT = 'customers (migrated)';
