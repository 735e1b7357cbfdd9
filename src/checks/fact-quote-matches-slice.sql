-- Every fact's quote equals its slice [start, end) of the article column it points into, and its sentence contains it.
WITH facts AS (
  SELECT 'quantities' AS fact_table, fact_id, article_id, field, start, "end", quote, sentence_start, sentence_end FROM quantities
  UNION ALL SELECT 'dates', fact_id, article_id, field, start, "end", quote, sentence_start, sentence_end FROM dates
  UNION ALL SELECT 'people', fact_id, article_id, field, start, "end", quote, sentence_start, sentence_end FROM people
  UNION ALL SELECT 'organizations', fact_id, article_id, field, start, "end", quote, sentence_start, sentence_end FROM organizations
  UNION ALL SELECT 'places', fact_id, article_id, field, start, "end", quote, sentence_start, sentence_end FROM places
), located AS (
  SELECT f.*, a.line_start,
         CASE f.field WHEN 'text' THEN a.text WHEN 'headline' THEN a.headline ELSE a.byline END AS source_text
  FROM facts f JOIN articles a USING (article_id)
)
SELECT fact_table, fact_id, article_id, line_start, field, start, "end", quote,
       substring(source_text, start + 1, greatest("end" - start, 0)) AS slice
FROM located
WHERE source_text IS NULL
   OR quote IS DISTINCT FROM substring(source_text, start + 1, greatest("end" - start, 0))
   OR NOT (0 <= sentence_start AND sentence_start <= start AND start < "end" AND "end" <= sentence_end AND sentence_end <= length(source_text))
ORDER BY fact_table, fact_id
