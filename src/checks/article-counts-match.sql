-- Each article's char_count is the length of its text in code points and its paragraph_count is its number of paragraph rows.
-- table: articles
WITH counted AS (
  SELECT article_id, count(*) AS paragraph_rows FROM paragraphs GROUP BY article_id
)
SELECT a.source_id, a.article_id, a.line_start, a.char_count, length(a.text) AS text_length,
       a.paragraph_count, coalesce(c.paragraph_rows, 0) AS paragraph_rows
FROM articles a
LEFT JOIN counted c USING (article_id)
WHERE a.char_count <> length(a.text) OR a.paragraph_count <> coalesce(c.paragraph_rows, 0)
ORDER BY a.article_id
