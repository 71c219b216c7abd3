/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: features
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Current Database: `features`
--

CREATE DATABASE /*!32312 IF NOT EXISTS*/ `features` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */;

USE `features`;

--
-- Sequence structure for `invoice_seq`
--

DROP SEQUENCE IF EXISTS `invoice_seq`;
CREATE SEQUENCE `invoice_seq` start with 100 minvalue 100 maxvalue 999999 increment by 10 cache 20 nocycle ENGINE=InnoDB;
DO SETVAL(`invoice_seq`, 100, 0);

--
-- Table structure for table `all_types`
--

DROP TABLE IF EXISTS `all_types`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `all_types` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `c_tinyint` tinyint(4) DEFAULT NULL,
  `c_tinyint_u` tinyint(3) unsigned DEFAULT NULL,
  `c_bool` tinyint(1) DEFAULT 1,
  `c_smallint` smallint(4) unsigned zerofill DEFAULT NULL,
  `c_mediumint` mediumint(8) unsigned NOT NULL DEFAULT 0,
  `c_int` int(11) DEFAULT NULL,
  `c_int_zf` int(8) unsigned zerofill DEFAULT 00000042,
  `c_bigint` bigint(20) NOT NULL DEFAULT -1,
  `c_decimal` decimal(10,4) unsigned DEFAULT 3.1416,
  `c_numeric` decimal(5,0) DEFAULT NULL,
  `c_float` float DEFAULT NULL,
  `c_float_ms` float(7,3) DEFAULT NULL,
  `c_double` double NOT NULL DEFAULT 10000000000,
  `c_real` double(10,2) DEFAULT NULL,
  `c_bit1` bit(1) DEFAULT b'1',
  `c_bit64` bit(64) DEFAULT NULL,
  `c_date` date DEFAULT '2000-01-01',
  `c_date_expr` date DEFAULT curdate(),
  `c_time` time(3) DEFAULT '12:34:56.789',
  `c_datetime` datetime DEFAULT NULL,
  `c_datetime6` datetime(6) DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6),
  `c_timestamp` timestamp NULL DEFAULT NULL,
  `c_timestamp6` timestamp(6) NOT NULL DEFAULT '2020-02-02 02:02:02.000002',
  `c_year` year(4) DEFAULT 2024,
  `c_char` char(10) DEFAULT 'x',
  `c_varchar` varchar(255) DEFAULT 'semi;colon',
  `c_binary` binary(16) DEFAULT NULL,
  `c_varbinary` varbinary(255) DEFAULT NULL,
  `c_tinytext` tinytext DEFAULT NULL,
  `c_text` text DEFAULT NULL,
  `c_mediumtext` mediumtext CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,
  `c_longtext` longtext DEFAULT 'text default',
  `c_tinyblob` tinyblob DEFAULT NULL,
  `c_blob` blob DEFAULT NULL,
  `c_mediumblob` mediumblob DEFAULT NULL,
  `c_longblob` longblob DEFAULT NULL,
  `c_enum` enum('a','b''c','d,e','') DEFAULT 'b''c',
  `c_set` set('x','y''z','w v') DEFAULT 'x,y''z',
  `c_json` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`c_json`)),
  `c_inet6` inet6 DEFAULT '::1',
  `c_inet4` inet4 DEFAULT NULL,
  `c_uuid` uuid DEFAULT uuid(),
  `c_geometry` geometry DEFAULT NULL,
  `c_point` point DEFAULT NULL,
  `c_linestring` linestring DEFAULT NULL,
  `c_polygon` polygon DEFAULT NULL,
  `c_multipoint` multipoint DEFAULT NULL,
  `c_geomcoll` geometrycollection DEFAULT NULL,
  `c_expr` int(11) DEFAULT (1 + 1),
  `c_serial_like` bigint(20) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=DYNAMIC;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `back``tick`
--

DROP TABLE IF EXISTS `back``tick`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `back``tick` (
  `id` int(11) NOT NULL,
  `weird "col"` varchar(10) DEFAULT NULL COMMENT 'col with double quotes',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `compressed_docs`
--

DROP TABLE IF EXISTS `compressed_docs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `compressed_docs` (
  `id` int(10) unsigned NOT NULL,
  `doc` mediumtext DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `cross_db_ref`
--

DROP TABLE IF EXISTS `cross_db_ref`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `cross_db_ref` (
  `id` int(11) NOT NULL,
  `other_customer_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `fk_cross_db` (`other_customer_id`),
  CONSTRAINT `fk_cross_db` FOREIGN KEY (`other_customer_id`) REFERENCES `other`.`customers` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Temporary table structure for view `customer_order_totals`
--

DROP TABLE IF EXISTS `customer_order_totals`;
/*!50001 DROP VIEW IF EXISTS `customer_order_totals`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8mb4;
/*!50001 CREATE VIEW `customer_order_totals` AS SELECT
 NULL AS `id`,
 NULL AS `email`,
 NULL AS `orders`,
 NULL AS `spent` */;
SET character_set_client = @saved_cs_client;

--
-- Table structure for table `customer_tags`
--

DROP TABLE IF EXISTS `customer_tags`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `customer_tags` (
  `customer_id` int(10) unsigned NOT NULL,
  `tag_id` smallint(5) unsigned NOT NULL,
  PRIMARY KEY (`customer_id`,`tag_id`),
  KEY `tag_id` (`tag_id`),
  CONSTRAINT `customer_tags_ibfk_1` FOREIGN KEY (`tag_id`) REFERENCES `tags` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `customers`
--

DROP TABLE IF EXISTS `customers`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `customers` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
  `email` varchar(190) NOT NULL,
  `first name` varchar(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci DEFAULT NULL COMMENT 'given name, as typed: it''s "free" text',
  `last_name` varchar(60) NOT NULL DEFAULT '',
  `country` char(2) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'US',
  `legacy_code` char(8) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci DEFAULT NULL,
  `token` binary(16) DEFAULT NULL,
  `status` enum('active','on hold','it''s closed','a,b') NOT NULL DEFAULT 'active',
  `flags` set('vip','no-mail','o''brien','x;y') NOT NULL DEFAULT '',
  `balance` decimal(12,2) NOT NULL DEFAULT 0.00,
  `created_at` datetime(6) NOT NULL DEFAULT current_timestamp(6),
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `internal_note` varchar(100) INVISIBLE DEFAULT 'hidden',
  `email_domain` varchar(190) GENERATED ALWAYS AS (substring_index(`email`,'@',-1)) VIRTUAL,
  `full_name` varchar(130) GENERATED ALWAYS AS (concat_ws(' ',`first name`,`last_name`)) STORED,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_email` (`email`),
  KEY `idx_name` (`last_name`(10),`first name`(5)) COMMENT 'prefix lengths; it''s a comment',
  KEY `idx_created_desc` (`created_at` DESC,`id`),
  KEY `idx_country` (`country`) USING BTREE,
  KEY `idx_domain` (`email_domain`),
  KEY `idx_full_name` (`full_name`) IGNORED,
  CONSTRAINT `chk_balance` CHECK (`balance` >= -1000),
  CONSTRAINT `CONSTRAINT_1` CHECK (`country` <> '')
) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='customers: it''s the "main" table';
/*!40101 SET character_set_client = @saved_cs_client */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET character_set_results = utf8mb4 */ ;
/*!50003 SET collation_connection  = utf8mb4_general_ci */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER customers_au AFTER UPDATE ON customers FOR EACH ROW
  INSERT INTO event_journal (payload) VALUES (CONCAT('customer ', NEW.id, ' updated; it''s logged')) 
*/;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Table structure for table `event_archive`
--

DROP TABLE IF EXISTS `event_archive`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `event_archive` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `payload` varchar(200) NOT NULL,
  KEY `id` (`id`)
) ENGINE=ARCHIVE DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `event_journal`
--

DROP TABLE IF EXISTS `event_journal`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `event_journal` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `payload` varchar(200) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=Aria DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci PAGE_CHECKSUM=1 TRANSACTIONAL=1;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `export_csv`
--

DROP TABLE IF EXISTS `export_csv`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `export_csv` (
  `id` int(11) NOT NULL,
  `label` varchar(20) NOT NULL
) ENGINE=CSV DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `metrics_hash`
--

DROP TABLE IF EXISTS `metrics_hash`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `metrics_hash` (
  `id` int(10) unsigned NOT NULL,
  `bucket` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
 PARTITION BY HASH (`id`)
PARTITIONS 4;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `metrics_key`
--

DROP TABLE IF EXISTS `metrics_key`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `metrics_key` (
  `k` varchar(20) NOT NULL,
  PRIMARY KEY (`k`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
 PARTITION BY KEY (`k`)
PARTITIONS 3;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `metrics_list`
--

DROP TABLE IF EXISTS `metrics_list`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client =