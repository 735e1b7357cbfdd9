-- Articles of one page do not share raw lines.
-- table: articles
SELECT a.source_id, a.article_id, a.line_start, a.line_end,
       b.article_id AS other_article_id, b.line_start AS other_line_start, b.line_end AS other_line_end
FROM articles a
JOIN articles b
  ON a.source_id = b.source_id AND a.article_id < b.article_id
 AND a.line_start <= b.line_end AND b.line_start <= a.line_end
ORDER BY a.source_id, a.line_start, a.article_id, b.article_id
