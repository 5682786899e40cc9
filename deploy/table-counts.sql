-- The exact number of rows in every table of the public schema, one "table<TAB>count" line
-- each, by name: count(*) per table (not pg_class.reltuples, which is an estimate).
-- Used by deploy/backup (inside the dump's own snapshot) and deploy/restore-drill.
SELECT c.relname,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                           false, true, '')))[1]::text
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY c.relname COLLATE "C";
