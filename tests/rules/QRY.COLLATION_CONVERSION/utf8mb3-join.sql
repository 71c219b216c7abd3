SELECT c.id FROM customers c JOIN legacy_notes n ON n.phone = c.phone;
