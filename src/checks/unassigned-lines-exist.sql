-- Every unassigned line is a non-blank line of its raw page.
-- table: unassigned_lines
SELECT u.source_id, u.line_no, u.text, r.is_blank
FROM unassigned_lines u
LEFT JOIN raw_lines r USING (source_id, line_no)
WHERE r.line_no IS NULL OR r.is_blank
ORDER BY u.source_id, u.line_no
