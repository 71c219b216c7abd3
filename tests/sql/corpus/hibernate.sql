-- source: Hibernate 3 Criteria API, session.get(Customer.class, id) (this_ alias)
select this_.id as id1_0_0_, this_.name as name2_0_0_, this_.email as email3_0_0_ from customer this_ where this_.id=?;
-- source: Hibernate 5 HQL "from Customer c where c.email = :e" (customer0_ alias)
select customer0_.id as id1_0_, customer0_.email as email2_0_ from customer customer0_ where customer0_.email=?;
-- source: Hibernate 2 HQL translator (x0_ alias), "from Order o where o.customer.id = ?"
select x0_.id as x0_0_, x0_.total as x0_1_ from orders x0_ where (x0_.customer_id=? );
-- source: Hibernate 5 HQL with an explicit join and MySQL dialect paging (limit ?, ?)
select order0_.id as id1_3_, order0_.total as total2_3_ from orders order0_ inner join customer customer1_ on order0_.customer_id=customer1_.id where customer1_.country=? order by order0_.created_at desc limit ?, ?;
-- source: Hibernate 5 HQL implicit join "from Order o where o.customer.country = ?" (cross join + where)
select order0_.id as id1_3_ from orders order0_ cross join customer customer1_ where order0_.customer_id=customer1_.id and customer1_.country=?;
-- source: Hibernate 5 left join fetch "from Order o left join fetch o.lines"
select order0_.id as id1_3_0_, lines1_.order_id as order_id1_4_1_, lines1_.qty as qty2_4_1_ from orders order0_ left outer join order_line lines1_ on order0_.id=lines1_.order_id where order0_.id=?;
-- source: Hibernate 5 lazy collection load (the N+1 query)
select lines0_.order_id as order_id3_4_0_, lines0_.id as id1_4_0_, lines0_.qty as qty2_4_0_ from order_line lines0_ where lines0_.order_id=?;
-- source: Hibernate 5 LockModeType.PESSIMISTIC_WRITE
select account0_.id as id1_0_0_, account0_.balance as balance2_0_0_ from account account0_ where account0_.id=? for update;
-- source: Hibernate 5 query.getResultList().size() replaced by count HQL
select count(order0_.id) as col_0_0_ from orders order0_ where order0_.status=?;
-- source: Hibernate 5 persist (generated id last)
insert into orders (customer_id, status, total, id) values (?, ?, ?, ?);
-- source: Hibernate 5 merge with @Version (optimistic lock)
update orders set customer_id=?, status=?, total=?, version=? where id=? and version=?;
-- source: Hibernate 5 orphan removal
delete from order_line where order_id=?;
-- source: Hibernate 5 TableGenerator / hibernate_sequence on MySQL
select next_val as id_val from hibernate_sequence for update;
-- source: Hibernate 5 TableGenerator / hibernate_sequence on MySQL
update hibernate_sequence set next_val= ? where next_val=?;
-- source: Hibernate 5 HQL "where exists (from OrderLine l where l.order = o and l.qty > ?)"
select order0_.id as id1_3_ from orders order0_ where exists (select orderline1_.id from order_line orderline1_ where orderline1_.order_id=order0_.id and orderline1_.qty>?);
-- source: Hibernate 5 HQL "where lower(c.email) = lower(?)"
select customer0_.id as id1_0_ from customer customer0_ where lower(customer0_.email)=lower(?);
-- source: Hibernate 5 HQL "where o.status in (:statuses)" expanded, and <> ?
select order0_.id as id1_3_ from orders order0_ where (order0_.status in (? , ?)) and order0_.customer_id<>?;
-- source: Hibernate 6 SQM, LIKE with an escape clause (c1_0 alias)
select c1_0.id,c1_0.name from customer c1_0 where c1_0.name like ? escape '\\' order by c1_0.name offset ? rows fetch first ? rows only;
-- source: Hibernate 5 HQL subquery in the select list
select customer0_.id as col_0_0_, (select max(order1_.created_at) from orders order1_ where order1_.customer_id=customer0_.id) as col_1_0_ from customer customer0_ where customer0_.country=?;
