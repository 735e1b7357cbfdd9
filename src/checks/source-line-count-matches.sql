-- Each page's line_count (from recovery) equals its number of raw_lines rows (from the loader), so both split lines alike.
-- table: sources
WITH counted AS (
  SELECT source_id, count(*) AS raw_lines FROM raw_lines GROUP BY source_id
)
SELECT s.source_id, s.line_count, coalesce(c.raw_lines, 0) AS raw_lines
FROM sources s
LEFT JOIN counted c USING (source_id)
WHERE s.line_count <> coalesce(c.raw_lines, 0)
ORDER BY s.source_id
