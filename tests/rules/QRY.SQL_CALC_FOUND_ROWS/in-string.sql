SELECT id FROM notes WHERE body = 'sql_calc_found_rows' LIMIT 20;
