SELECT id FROM orders WHERE country = 'FR' FOR UPDATE;
