-- Each paragraph's text equals its slice [start, end) of the article text (offsets in code points).
-- table: paragraphs
SELECT a.source_id, p.article_id, p.paragraph_no, p.line_start, p.text AS paragraph_text,
       substring(a.text, p.start + 1, greatest(p."end" - p.start, 0)) AS slice
FROM paragraphs p
JOIN articles a USING (article_id)
WHERE p.text IS DISTINCT FROM substring(a.text, p.start + 1, greatest(p."end" - p.start, 0))
ORDER BY p.article_id, p.paragraph_no
