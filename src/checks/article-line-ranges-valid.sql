-- Each article's raw lines are a valid range on its page: 1 ≤ line_start ≤ line_end ≤ the page's line_count.
-- table: articles
SELECT a.source_id, a.article_id, a.line_start, a.line_end, s.line_count
FROM articles a
JOIN sources s USING (source_id)
WHERE a.line_start < 1 OR a.line_start > a.line_end OR a.line_end > s.line_count
ORDER BY a.article_id
