-- A linked place has the level of its division and lies in Jiaozuo; an ambiguous one is not linked and lists its candidates.
-- table: places
SELECT p.fact_id, p.article_id, a.line_start, p.quote, p.code, p.level, dv.level AS division_level, p.in_jiaozuo, p.ambiguous, p.candidates
FROM places p
JOIN articles a USING (article_id)
LEFT JOIN divisions dv ON dv.code = p.code
WHERE (p.code IS NOT NULL AND (p.level IS DISTINCT FROM dv.level OR NOT p.in_jiaozuo OR p.ambiguous))
   OR (p.code IS NULL AND p.level IS NOT NULL)
   OR (p.ambiguous AND (p.candidates IS NULL OR p.code IS NOT NULL))
ORDER BY p.fact_id
