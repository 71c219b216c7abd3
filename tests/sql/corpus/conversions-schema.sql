-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: shop
-- ------------------------------------------------------
-- Hand-written in mysqldump style for tests/sql/corpus/schema-aware.sql: fixtures/schemas/shop.sql
-- (a real dump) has every column in utf8mb4_general_ci, so it cannot show a collation conversion.
-- A table imported from an old latin1 system, loaded together with shop.sql.

USE `shop`;

--
-- Table structure for table `legacy_customers`
--

DROP TABLE IF EXISTS `legacy_customers`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `legacy_customers` (
  `id` int NOT NULL,
  `email` varchar(120) NOT NULL,
  `old_ref` varchar(20) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_email` (`email`),
  KEY `idx_old_ref` (`old_ref`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

-- Dump completed on 2024-06-01 12:00:00
