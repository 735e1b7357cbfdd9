-- Paragraphs tile their article's text in order: numbered 1, 2, … without gaps, the first starts at 0, each next one starts after a line feed at the previous end, and the last ends at char_count.
-- table: paragraphs
WITH p AS (
  SELECT article_id, paragraph_no, start, "end", line_start,
         row_number() OVER w AS expected_no,
         lag("end") OVER w AS previous_end,
         count(*) OVER (PARTITION BY article_id) AS paragraphs
  FROM paragraphs
  WINDOW w AS (PARTITION BY article_id ORDER BY paragraph_no)
)
SELECT a.source_id, p.article_id, p.paragraph_no, p.line_start, p.expected_no, p.start, p."end", p.previous_end, a.char_count
FROM p
JOIN articles a USING (article_id)
WHERE p.paragraph_no <> p.expected_no
   OR (p.previous_end IS NULL AND p.start <> 0)
   OR (p.previous_end IS NOT NULL AND (p.start <> p.previous_end + 1 OR substring(a.text, p.start, 1) <> chr(10)))
   OR (p.expected_no = p.paragraphs AND p."end" <> a.char_count)
UNION ALL
-- An article without paragraphs has no text.
SELECT a.source_id, a.article_id, NULL, a.line_start, NULL, NULL, NULL, NULL, a.char_count
FROM articles a
WHERE a.char_count <> 0 AND NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.article_id = a.article_id)
ORDER BY article_id, paragraph_no
