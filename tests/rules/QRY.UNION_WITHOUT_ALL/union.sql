SELECT id FROM orders WHERE status = 'new' UNION SELECT id FROM orders_archive WHERE status = 'new';
