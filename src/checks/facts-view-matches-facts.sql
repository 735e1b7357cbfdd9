-- The facts view holds exactly one row per fact of the five fact tables, with the fact's type, quote and sentence, and its article's headline, page and issue date.
WITH fact_rows AS (
  SELECT 'quantity' AS fact_type, fact_id, article_id, field, quote, sentence_start, sentence_end FROM quantities
  UNION ALL SELECT 'date', fact_id, article_id, field, quote, sentence_start, sentence_end FROM dates
  UNION ALL SELECT 'person', fact_id, article_id, field, quote, sentence_start, sentence_end FROM people
  UNION ALL SELECT 'organization', fact_id, article_id, field, quote, sentence_start, sentence_end FROM organizations
  UNION ALL SELECT 'place', fact_id, article_id, field, quote, sentence_start, sentence_end FROM places
), expected AS (
  SELECT f.fact_id, f.article_id, f.fact_type, f.quote, a.headline, s.page, s.issue_date, a.line_start,
         substring(CASE f.field WHEN 'text' THEN a.text WHEN 'headline' THEN a.headline ELSE a.byline END,
                   f.sentence_start + 1, greatest(f.sentence_end - f.sentence_start, 0)) AS sentence
  FROM fact_rows f JOIN articles a USING (article_id) JOIN sources s ON s.source_id = a.source_id
)
SELECT coalesce(e.fact_id, v.fact_id) AS fact_id, coalesce(e.article_id, v.article_id) AS article_id, e.line_start,
       CASE WHEN v.fact_id IS NULL THEN 'missing from facts' WHEN e.fact_id IS NULL THEN 'in facts but in no fact table' ELSE 'differs' END AS problem
FROM expected e FULL OUTER JOIN facts v ON v.fact_id = e.fact_id
WHERE v.fact_id IS NULL OR e.fact_id IS NULL
   OR v.article_id IS DISTINCT FROM e.article_id OR v.fact_type IS DISTINCT FROM e.fact_type OR v.quote IS DISTINCT FROM e.quote
   OR v.sentence IS DISTINCT FROM e.sentence OR v.headline IS DISTINCT FROM e.headline
   OR v.page IS DISTINCT FROM e.page OR v.issue_date IS DISTINCT FROM e.issue_date
ORDER BY 1
