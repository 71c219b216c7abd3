-- source: tricky: ANSI_QUOTES, double quotes are identifiers (PostgreSQL-style application)
SELECT "id", "name" FROM "customers" WHERE "country" = 'FR';
-- source: tricky: ANSI_QUOTES, a doubled double quote inside an identifier, and a qualified name
SELECT "a""b"."x" FROM "a""b" WHERE "a""b"."y" > 3;
-- source: tricky: NO_BACKSLASH_ESCAPES, a backslash ends nothing: the string is x\ and b = 2 is a predicate
SELECT id FROM t WHERE a = 'x\' AND b = 2;
-- source: tricky: NO_BACKSLASH_ESCAPES, Windows path prefix in LIKE
SELECT id FROM files WHERE path LIKE 'C:\temp\%';
-- source: tricky: ANSI_QUOTES, backticks still quote identifiers and single quotes strings
SELECT `id` FROM "orders" WHERE "status" IN ('new', 'paid') ORDER BY "created_at" DESC;
