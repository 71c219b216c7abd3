SELECT id FROM orders WHERE status <> 'cancelled';
