SELECT id FROM orders
 WHERE DATE(created_at) = '2024-01-01'
   AND LOWER(email) = 'a@b.c';
