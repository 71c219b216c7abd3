SELECT id FROM customers WHERE phone = '5551234';
