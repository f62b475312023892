"""Jobs due at a time: kept in the database, run once each by whichever app process claims
them first, retried with backoff, reclaimed when the process running one died."""
