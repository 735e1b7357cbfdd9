-- The articles of each page are numbered 1, 2, … in reading order, without gaps or repeats.
-- table: articles
WITH numbered AS (
  SELECT source_id, article_id, line_start, seq,
         row_number() OVER (PARTITION BY source_id ORDER BY seq, article_id) AS expected_seq
  FROM articles
)
SELECT source_id, article_id, line_start, seq, expected_seq
FROM numbered
WHERE seq <> expected_seq
ORDER BY source_id, seq, article_id
