SELECT id FROM orders FORCE INDEX (idx_created) WHERE created_at > ?;
