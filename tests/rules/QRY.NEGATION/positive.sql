SELECT id FROM orders WHERE status IN ('new', 'paid');
