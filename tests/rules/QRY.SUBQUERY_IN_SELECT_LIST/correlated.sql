SELECT o.id, (SELECT MAX(p.paid_at) FROM payments p WHERE p.order_id = o.id) AS last_paid FROM orders o WHERE o.status = 'new';
