UPDATE accounts SET balance = 0 WHERE id = 7;
