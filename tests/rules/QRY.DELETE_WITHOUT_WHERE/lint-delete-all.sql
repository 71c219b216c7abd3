-- purge the queue
DELETE FROM jobs;
