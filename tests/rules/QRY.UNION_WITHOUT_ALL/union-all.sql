SELECT id FROM orders WHERE status = 'new' UNION ALL SELECT id FROM orders_archive WHERE status = 'new';
