import type { TableSpec } from './table-spec.ts';

/** Escapes text for one markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const code = (v: unknown) => '`' + (typeof v === 'string' ? v : JSON.stringify(v)) + '`';

/**
 * The data dictionary (markdown) of the released tables, used in README.md between the
 * dictionary markers and in the release's README. `counts` adds row counts when given.
 */
export function renderDictionary(specs: readonly TableSpec[], counts?: Readonly<Record<string, number>>): string {
  const out: string[] = [];
  for (const s of specs.filter((x) => x.publish)) {
    out.push(`### ${s.table}`, '');
    out.push(`**${s.title}.** ${s.description}` + (counts ? ` ${counts[s.table] ?? 0} rows.` : ''), '');
    out.push(`- Primary key: ${s.primaryKey.map(code).join(', ')}`);
    for (const fk of s.foreignKeys) {
      const target = fk.reference.fields.length === 1 ? fk.reference.fields[0] : `(${fk.reference.fields.join(', ')})`;
      out.push(`- Foreign key: ${fk.fields.map(code).join(', ')} → ${code(`${fk.reference.resource}.${target}`)}`);
    }
    if (s.textLicense) out.push("- Licence: contains 焦作日报's text, which is not openly licensed (see Licences).");
    out.push('');
    out.push('| field | type | nullable | description | example |', '|---|---|---|---|---|');
    for (const f of s.fields) {
      let description = f.description;
      if (f.enum) description += ` One of: ${f.enum.filter((v) => v !== null).map(code).join(', ')}.`;
      if (f.pattern) description += ` Pattern: ${code(f.pattern)}.`;
      const example = f.example === undefined ? '' : code(f.example);
      out.push(`| ${code(f.name)} | ${f.type} | ${f.nullable ? 'yes' : 'no'} | ${cell(description)} | ${cell(example)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
