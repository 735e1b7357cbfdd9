-- Each paragraph's raw lines are a range inside its article's lines.
-- table: paragraphs
SELECT a.source_id, p.article_id, p.paragraph_no, p.line_start, p.line_end,
       a.line_start AS article_line_start, a.line_end AS article_line_end
FROM paragraphs p
JOIN articles a USING (article_id)
WHERE p.line_start > p.line_end OR p.line_start < a.line_start OR p.line_end > a.line_end
ORDER BY p.article_id, p.paragraph_no
