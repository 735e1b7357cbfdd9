-- Every text position maps back to the raw page: each segment's text equals its raw line from its column on (any whitespace recovery collapses, as JavaScript's \s, as one space), and segments neither overlap nor leave anything but paragraph breaks and inserted spaces uncovered.
-- table: text_segments
-- The windows run over the narrow segment rows, and each run's raw slice is cut before the article
-- text joins in, last: carried through a window, the text made the check run out of memory at
-- 300,000 articles under a 1GB limit; carried through the raw lines' join, it made the check three
-- times slower (bench/check-times.ts).
WITH windowed AS (
  SELECT s.*,
         lag(s."end", 1, 0) OVER (PARTITION BY s.article_id, s.field ORDER BY s.start) AS previous_end,
         lead(s.start) OVER (PARTITION BY s.article_id, s.field ORDER BY s.start) AS next_start
  FROM text_segments s
),
raw_sliced AS (
  SELECT w.*, a.source_id, substring(r.text, w."column" + 1, w."end" - w.start) AS raw_slice
  FROM windowed w
  JOIN articles a USING (article_id)
  LEFT JOIN raw_lines r ON r.source_id = a.source_id AND r.line_no = w.line_no
),
located AS (
  SELECT x.*, CASE x.field WHEN 'text' THEN a.text ELSE a.headline END AS column_text
  FROM raw_sliced x JOIN articles a USING (article_id)
)
SELECT l.article_id, l.source_id, l.line_no, l.field, l.start, l."end", l."column",
       substring(l.column_text, l.start + 1, l."end" - l.start) AS text_slice,
       l.raw_slice
FROM located l
WHERE l.raw_slice IS NULL
   OR l.column_text IS NULL
   OR regexp_replace(l.raw_slice, '[\t\x{000B}\x{000C}\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]', ' ', 'g')
      IS DISTINCT FROM substring(l.column_text, l.start + 1, l."end" - l.start)
   OR l.start < l.previous_end
   OR NOT regexp_full_match(substring(l.column_text, l.previous_end + 1, l.start - l.previous_end), '[\n ]*')
   OR (l.next_start IS NULL AND NOT regexp_full_match(substring(l.column_text, l."end" + 1), '[\n ]*'))
ORDER BY l.article_id, l.field, l.start
