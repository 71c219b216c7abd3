-- source: Rails/ActiveRecord 7, User.find(1)
SELECT `users`.* FROM `users` WHERE `users`.`id` = 1 LIMIT 1;
-- source: Rails/ActiveRecord, Post.where(user_id: [1, 2, 3]) (preload), marginalia comment
SELECT `posts`.* FROM `posts` WHERE `posts`.`user_id` IN (1, 2, 3) /*application:Blog,controller:users,action:index*/;
-- source: Rails/ActiveRecord, User.find_each (batch of 1000)
SELECT `users`.* FROM `users` WHERE `users`.`id` > 1000 ORDER BY `users`.`id` ASC LIMIT 1000;
-- source: Rails/ActiveRecord, Article.joins(:comments).where(comments: {created_at: t..}).distinct
SELECT DISTINCT `articles`.* FROM `articles` INNER JOIN `comments` ON `comments`.`article_id` = `articles`.`id` WHERE `comments`.`created_at` >= '2024-01-01 00:00:00';
-- source: Rails/ActiveRecord, Article.eager_load(:comments).where(published: true) (t0_r0 column aliases)
SELECT `articles`.`id` AS t0_r0, `articles`.`title` AS t0_r1, `comments`.`id` AS t1_r0, `comments`.`body` AS t1_r1 FROM `articles` LEFT OUTER JOIN `comments` ON `comments`.`article_id` = `articles`.`id` WHERE `articles`.`published` = TRUE;
-- source: Rails/ActiveRecord, User.where.not(status: 'archived')
SELECT `users`.* FROM `users` WHERE `users`.`status` != 'archived';
-- source: Rails/ActiveRecord, User.where(deleted_at: nil).count
SELECT COUNT(*) FROM `users` WHERE `users`.`deleted_at` IS NULL;
-- source: Rails/ActiveRecord, User.exists?(email: 'a@example.com')
SELECT 1 AS one FROM `users` WHERE `users`.`email` = 'a@example.com' LIMIT 1;
-- source: Rails/ActiveRecord, Product.order(Arel.sql('RAND()')).limit(5)
SELECT `products`.* FROM `products` ORDER BY RAND() LIMIT 5;
-- source: Rails/ActiveRecord, Account.lock.find(3) (pessimistic lock)
SELECT `accounts`.* FROM `accounts` WHERE `accounts`.`id` = 3 LIMIT 1 FOR UPDATE;
-- source: Rails/ActiveRecord, Account.lock('LOCK IN SHARE MODE').find(3)
SELECT `accounts`.* FROM `accounts` WHERE `accounts`.`id` = 3 LIMIT 1 LOCK IN SHARE MODE;
-- source: Rails/ActiveRecord, schema_migrations check at boot
SELECT `schema_migrations`.`version` FROM `schema_migrations` ORDER BY `schema_migrations`.`version` ASC;
-- source: Rails/ActiveRecord, User.where('lower(email) = ?', e) (function on the column)
SELECT `users`.* FROM `users` WHERE (lower(email) = 'bob@example.com');
-- source: Rails/ActiveRecord, counter cache increment (Comment belongs_to :article, counter_cache: true)
UPDATE `articles` SET `comments_count` = COALESCE(`comments_count`, 0) + 1 WHERE `articles`.`id` = 5;
-- source: Rails/ActiveRecord, user.touch
UPDATE `users` SET `users`.`updated_at` = '2024-05-01 10:00:00.123456' WHERE `users`.`id` = 1;
-- source: Rails/ActiveRecord, Session.where('updated_at < ?', 2.weeks.ago).delete_all
DELETE FROM `sessions` WHERE (updated_at < '2024-04-17 10:00:00');
-- source: Rails/ActiveRecord 6+, User.upsert_all (MySQL adapter)
INSERT INTO `users` (`email`,`name`,`created_at`,`updated_at`) VALUES ('a@example.com', 'Ann', NOW(), NOW()) ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),`updated_at`=VALUES(`updated_at`);
-- source: Rails/ActiveRecord, Post.where(user: u).order(created_at: :desc).page(3).per(25) (kaminari)
SELECT `posts`.* FROM `posts` WHERE `posts`.`user_id` = 7 ORDER BY `posts`.`created_at` DESC LIMIT 25 OFFSET 50;
-- source: Rails/ActiveRecord, User.where(id: Post.select(:user_id).where(published: true))
SELECT `users`.* FROM `users` WHERE `users`.`id` IN (SELECT `posts`.`user_id` FROM `posts` WHERE `posts`.`published` = TRUE);
-- source: Rails/ActiveRecord, Post.group(:user_id).having('count(*) > 5').count
SELECT COUNT(*) AS `count_all`, `posts`.`user_id` AS `posts_user_id` FROM `posts` GROUP BY `posts`.`user_id` HAVING (count(*) > 5);
