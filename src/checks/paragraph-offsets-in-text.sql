-- Paragraph offsets lie within their article's text: 0 ≤ start ≤ end ≤ char_count.
-- table: paragraphs
SELECT a.source_id, p.article_id, p.paragraph_no, p.line_start, p.start, p."end", a.char_count
FROM paragraphs p
JOIN articles a USING (article_id)
WHERE p.start < 0 OR p.start > p."end" OR p."end" > a.char_count
ORDER BY p.article_id, p.paragraph_no
