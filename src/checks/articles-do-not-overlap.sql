-- Pieces of different articles of one page do not share raw lines.
-- table: article_pieces
-- An article printed in pieces encloses another's lines between its first and last line; only
-- its pieces (article_pieces) must stay clear of the other article's.
WITH pieces AS (
  SELECT a.source_id, p.article_id, p.piece_no, p.line_start, p.line_end
  FROM article_pieces p
  JOIN articles a USING (article_id)
)
SELECT a.source_id, a.article_id, a.piece_no, a.line_start, a.line_end,
       b.article_id AS other_article_id, b.piece_no AS other_piece_no, b.line_start AS other_line_start, b.line_end AS other_line_end
FROM pieces a
JOIN pieces b
  ON a.source_id = b.source_id AND a.article_id < b.article_id
 AND a.line_start <= b.line_end AND b.line_start <= a.line_end
ORDER BY a.source_id, a.line_start, a.article_id, b.article_id, a.piece_no, b.piece_no
