SELECT id FROM orders WHERE shipped_at IS NULL;
