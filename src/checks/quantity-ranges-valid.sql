-- A quantity is a range exactly when it has a value_max, and then value_max is greater than value.
-- table: quantities
SELECT q.fact_id, q.article_id, a.line_start, q.quote, q.qualifier, q.value, q.value_max
FROM quantities q JOIN articles a USING (article_id)
WHERE (q.qualifier = 'range') IS DISTINCT FROM (q.value_max IS NOT NULL)
   OR (q.value_max IS NOT NULL AND q.value_max <= q.value)
ORDER BY q.fact_id
