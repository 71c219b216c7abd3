SELECT COUNT(*) FROM counters;
