-- Each paragraph's raw lines are a range inside its article's lines, and each run of its text stands on a line of one of its article's pieces.
-- table: paragraphs
-- A paragraph may go on from one piece of its article to the next: its line range then encloses
-- another article's lines, but none of its text stands on them.
WITH outside AS (
  SELECT p.article_id, p.paragraph_no, min(s.line_no) AS segment_line
  FROM paragraphs p
  JOIN text_segments s ON s.article_id = p.article_id AND s.field = 'text' AND s.start >= p.start AND s.start < p."end"
  WHERE NOT EXISTS (
    SELECT 1 FROM article_pieces k
    WHERE k.article_id = p.article_id AND s.line_no BETWEEN k.line_start AND k.line_end
  )
  GROUP BY p.article_id, p.paragraph_no
)
SELECT a.source_id, p.article_id, p.paragraph_no, p.line_start, p.line_end,
       a.line_start AS article_line_start, a.line_end AS article_line_end, o.segment_line AS line_outside_pieces
FROM paragraphs p
JOIN articles a USING (article_id)
LEFT JOIN outside o USING (article_id, paragraph_no)
WHERE p.line_start > p.line_end OR p.line_start < a.line_start OR p.line_end > a.line_end OR o.segment_line IS NOT NULL
ORDER BY p.article_id, p.paragraph_no
