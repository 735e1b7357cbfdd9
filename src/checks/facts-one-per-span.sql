-- No two facts of one type stand on the same span of the same article column.
WITH facts AS (
  SELECT 'quantities' AS fact_table, article_id, field, start, "end" FROM quantities
  UNION ALL SELECT 'dates', article_id, field, start, "end" FROM dates
  UNION ALL SELECT 'people', article_id, field, start, "end" FROM people
  UNION ALL SELECT 'organizations', article_id, field, start, "end" FROM organizations
  UNION ALL SELECT 'places', article_id, field, start, "end" FROM places
)
SELECT fact_table, article_id, field, start, "end", count(*) AS copies
FROM facts
GROUP BY fact_table, article_id, field, start, "end"
HAVING count(*) > 1
ORDER BY fact_table, article_id, start
