UPDATE orders SET status = 'void' WHERE country = 'FR';
