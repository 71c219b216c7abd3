SELECT country, COUNT(*) FROM orders GROUP BY country;
