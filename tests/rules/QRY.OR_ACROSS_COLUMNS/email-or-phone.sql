SELECT id FROM customers WHERE email = ? OR phone = ?;
