SELECT c.id FROM customers c JOIN customers d ON d.phone = c.phone;
