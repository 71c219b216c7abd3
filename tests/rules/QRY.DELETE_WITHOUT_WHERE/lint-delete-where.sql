DELETE FROM jobs WHERE done = 1;
DELETE FROM jobs; -- slowdex:ignore QRY.DELETE_WITHOUT_WHERE the queue is emptied at deploy
