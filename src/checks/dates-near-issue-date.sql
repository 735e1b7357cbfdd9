-- Dates fall in a plausible window of their page's issue date: a month or year inferred from the issue date (今年3月) within the year before or after; a day inferred from it within a year before and 62 days after; a printed year (a career's 1978年7月, a plan's 2035年, a history's 1921年) from the year 1000 to a century after the issue.
-- table: dates
SELECT d.fact_id, d.article_id, a.line_start, d.quote, d.date, d.precision, d.year_source, s.issue_date_earliest, s.issue_date_latest
FROM dates d
JOIN articles a USING (article_id)
JOIN sources s USING (source_id)
WHERE d.date IS NOT NULL AND s.issue_date_earliest IS NOT NULL
  AND CASE WHEN d.year_source = 'text'
           THEN year(d.date) < 1000 OR d.date > s.issue_date_latest + INTERVAL 100 YEAR
           WHEN d.precision IN ('month', 'year')
           THEN year(d.date) < year(s.issue_date_earliest) - 1 OR year(d.date) > year(s.issue_date_latest) + 1
           ELSE d.date < s.issue_date_earliest - INTERVAL 366 DAY OR d.date > s.issue_date_latest + INTERVAL 62 DAY
      END
ORDER BY d.fact_id
