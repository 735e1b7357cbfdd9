-- Every non-blank raw line belongs to exactly one article or is listed once in unassigned_lines.
-- table: raw_lines
-- A line belongs to an article when one of the article's pieces holds it (article_pieces): an
-- article printed in pieces around another does not hold the other's lines.
WITH in_articles AS (
  SELECT r.source_id, r.line_no, count(*) AS n
  FROM raw_lines r
  JOIN articles a ON a.source_id = r.source_id
  JOIN article_pieces p ON p.article_id = a.article_id AND r.line_no BETWEEN p.line_start AND p.line_end
  GROUP BY r.source_id, r.line_no
), in_unassigned AS (
  SELECT source_id, line_no, count(*) AS n FROM unassigned_lines GROUP BY source_id, line_no
)
SELECT r.source_id, r.line_no, coalesce(a.n, 0) AS articles, coalesce(u.n, 0) AS unassigned
FROM raw_lines r
LEFT JOIN in_articles a USING (source_id, line_no)
LEFT JOIN in_unassigned u USING (source_id, line_no)
WHERE NOT r.is_blank AND coalesce(a.n, 0) + coalesce(u.n, 0) <> 1
ORDER BY r.source_id, r.line_no
