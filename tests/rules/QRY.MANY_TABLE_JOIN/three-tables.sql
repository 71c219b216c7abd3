SELECT a.id FROM a JOIN b ON b.a_id = a.id JOIN c ON c.b_id = b.id;
