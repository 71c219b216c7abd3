UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.country = c.country;
