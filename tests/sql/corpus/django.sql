-- source: Django ORM (MySQL backend), Question.objects.get(pk=1)
SELECT `polls_question`.`id`, `polls_question`.`question_text`, `polls_question`.`pub_date` FROM `polls_question` WHERE `polls_question`.`id` = 1 LIMIT 21;
-- source: Django ORM, Entry.objects.filter(headline__startswith='Lennon')
SELECT `blog_entry`.`id`, `blog_entry`.`headline` FROM `blog_entry` WHERE `blog_entry`.`headline` LIKE BINARY 'Lennon%';
-- source: Django ORM, Entry.objects.filter(headline__icontains='Lennon') (leading wildcard)
SELECT `blog_entry`.`id`, `blog_entry`.`headline` FROM `blog_entry` WHERE `blog_entry`.`headline` LIKE '%Lennon%';
-- source: Django ORM, Entry.objects.filter(pub_date__year=2005)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE `blog_entry`.`pub_date` BETWEEN '2005-01-01 00:00:00' AND '2005-12-31 23:59:59.999999';
-- source: Django ORM, Entry.objects.filter(pub_date__date=date(2005, 1, 1)) with USE_TZ (function on the column)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE DATE(CONVERT_TZ(`blog_entry`.`pub_date`, 'UTC', 'Europe/Paris')) = '2005-01-01';
-- source: Django ORM, Entry.objects.filter(authors__name='Bob') (INNER JOIN with a parenthesised ON)
SELECT `blog_entry`.`id`, `blog_entry`.`headline` FROM `blog_entry` INNER JOIN `blog_entry_authors` ON (`blog_entry`.`id` = `blog_entry_authors`.`entry_id`) INNER JOIN `blog_author` ON (`blog_entry_authors`.`author_id` = `blog_author`.`id`) WHERE `blog_author`.`name` = 'Bob';
-- source: Django ORM, Entry.objects.filter(authors=1).filter(authors=2) (T4 alias for the second join of the same table)
SELECT `blog_entry`.`id` FROM `blog_entry` INNER JOIN `blog_entry_authors` ON (`blog_entry`.`id` = `blog_entry_authors`.`entry_id`) INNER JOIN `blog_entry_authors` T4 ON (`blog_entry`.`id` = T4.`entry_id`) WHERE (`blog_entry_authors`.`author_id` = 1 AND T4.`author_id` = 2);
-- source: Django ORM, Entry.objects.filter(id__in=Author.entries.through.objects.filter(author_id=3).values('entry_id')) (U0 subquery alias)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE `blog_entry`.`id` IN (SELECT U0.`entry_id` FROM `blog_entry_authors` U0 WHERE U0.`author_id` = 3);
-- source: Django ORM, Entry.objects.filter(Exists(Comment.objects.filter(entry=OuterRef('pk')))) (correlated, outer column in parentheses)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE EXISTS(SELECT 1 AS `a` FROM `blog_comment` U0 WHERE U0.`entry_id` = (`blog_entry`.`id`) LIMIT 1);
-- source: Django ORM, Entry.objects.filter(blog_id=5).exists()
SELECT 1 AS `a` FROM `blog_entry` WHERE `blog_entry`.`blog_id` = 5 LIMIT 1;
-- source: Django ORM, Entry.objects.filter(rating__gte=4).count()
SELECT COUNT(*) AS `__count` FROM `blog_entry` WHERE `blog_entry`.`rating` >= 4;
-- source: Django ORM (< 3.1), Blog.objects.annotate(Count('entry')) with the ORDER BY NULL MySQL grouped queries got
SELECT `blog_blog`.`id`, `blog_blog`.`name`, COUNT(`blog_entry`.`id`) AS `entry__count` FROM `blog_blog` LEFT OUTER JOIN `blog_entry` ON (`blog_blog`.`id` = `blog_entry`.`blog_id`) GROUP BY `blog_blog`.`id` ORDER BY NULL;
-- source: Django ORM, Entry.objects.exclude(status='draft') (NOT around a comparison)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE NOT (`blog_entry`.`status` = 'draft');
-- source: Django ORM, Entry.objects.filter(mod_date__isnull=True).order_by('-pub_date', 'headline')[40:60]
SELECT `blog_entry`.`id`, `blog_entry`.`headline` FROM `blog_entry` WHERE `blog_entry`.`mod_date` IS NULL ORDER BY `blog_entry`.`pub_date` DESC, `blog_entry`.`headline` ASC LIMIT 20 OFFSET 40;
-- source: Django ORM, Entry.objects.filter(n_comments__gt=F('n_pingbacks')) (column of the same table on the right)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE `blog_entry`.`n_comments` > (`blog_entry`.`n_pingbacks`);
-- source: Django ORM, Entry.objects.filter(pk=5).update(rating=F('rating') + 1)
UPDATE `blog_entry` SET `rating` = (`blog_entry`.`rating` + 1) WHERE `blog_entry`.`id` = 5;
-- source: Django ORM, Entry.objects.filter(pk__in=[5, 6]).delete() (fast delete)
DELETE FROM `blog_entry` WHERE `blog_entry`.`id` IN (5, 6);
-- source: Django ORM, Author.objects.bulk_create([...])
INSERT INTO `blog_author` (`name`, `email`) VALUES ('Ann', 'ann@example.com'), ('Bob', 'bob@example.com');
-- source: Django ORM, Account.objects.select_for_update().get(pk=7)
SELECT `bank_account`.`id`, `bank_account`.`balance` FROM `bank_account` WHERE `bank_account`.`id` = 7 LIMIT 21 FOR UPDATE;
-- source: Django ORM, transaction.atomic() nested (savepoint)
SAVEPOINT `s140287463425792_x1`;
-- source: Django sessions, SessionStore.load()
SELECT `django_session`.`session_key`, `django_session`.`session_data`, `django_session`.`expire_date` FROM `django_session` WHERE (`django_session`.`expire_date` > '2024-05-01 10:00:00' AND `django_session`.`session_key` = 'q8x2k1n0d8f7e6r5t4y3u2i1o0p9a8s7') LIMIT 21;
-- source: Django ORM, Entry.objects.values('blog_id').annotate(n=Count('id')).order_by('-n')
SELECT `blog_entry`.`blog_id`, COUNT(`blog_entry`.`id`) AS `n` FROM `blog_entry` GROUP BY `blog_entry`.`blog_id` ORDER BY `n` DESC;
-- source: Django ORM, Entry.objects.filter(Q(headline='x') | Q(rating=5)) (OR across columns)
SELECT `blog_entry`.`id` FROM `blog_entry` WHERE (`blog_entry`.`headline` = 'x' OR `blog_entry`.`rating` = 5);
