-- Every reviewed correction in data/curation/ matched exactly one row: one that matches nothing no longer applies, one that matches several is ambiguous (give its occurrence).
-- table: curation_entries
SELECT file, line, action, table_name, target, quote, matches
FROM curation_entries
WHERE matches <> 1
ORDER BY file, line
