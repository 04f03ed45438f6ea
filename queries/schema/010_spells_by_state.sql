-- Schema version 10 (superseded by 11): this file re-sorted the spells by state, then citizen and
-- start. Schema 11 writes the same rows in its own order (state, then end date), so a store
-- migrated from before 10 was sorted twice — about 13 s extra at 1M citizens, once. The sort is
-- now done by 11 alone, and this file changes nothing; it keeps its number so that the stores that
-- applied it (schema_applied in meta) and those that did not migrate alike.
select 1;
