-- Each article has pieces numbered from 1 in line order, each a valid range, apart from one another, the first starting at the article's line_start and the last ending at its line_end.
-- table: article_pieces
-- Pieces are maximal runs: two pieces with no line between them would be one.
WITH numbered AS (
  SELECT a.article_id, a.line_start AS article_line_start, a.line_end AS article_line_end,
         p.piece_no, p.line_start, p.line_end,
         row_number() OVER w AS expected_no,
         lag(p.line_end) OVER w AS previous_line_end,
         count(p.piece_no) OVER (PARTITION BY a.article_id) AS pieces,
         max(p.piece_no) OVER (PARTITION BY a.article_id) AS last_no
  FROM articles a
  LEFT JOIN article_pieces p USING (article_id)
  WINDOW w AS (PARTITION BY a.article_id ORDER BY p.piece_no)
)
SELECT article_id, piece_no, line_start, line_end, expected_no, previous_line_end, article_line_start, article_line_end
FROM numbered
WHERE pieces = 0
   OR piece_no <> expected_no
   OR line_start > line_end
   OR line_start <= previous_line_end + 1
   OR (piece_no = 1 AND line_start <> article_line_start)
   OR (piece_no = last_no AND line_end <> article_line_end)
ORDER BY article_id, piece_no
