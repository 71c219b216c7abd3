SELECT 1; -- slowdex:ignore QRY.LARGE_OFFSET reason
# slowdex:ignore A,B -- two
/* slowdex:ignore QRY.NOPE */
SELECT 'x -- slowdex:ignore C' FROM t;

-- slowdex:ignore D
/*!40101 SET x = 1 */;
SELECT "unterminated
