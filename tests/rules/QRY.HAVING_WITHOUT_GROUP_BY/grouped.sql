SELECT status, COUNT(*) AS n FROM orders GROUP BY status HAVING n > 100;
