import { renderDictionary, type TableSpec } from '../schema/index.ts';
import { resourceName, tablePath } from './build-descriptor.ts';
import type { DatasetMetadata, License } from './dataset-metadata.ts';

const licenseLine = (l: License) => `${l.title ?? l.name} (\`${l.name}\`${l.path ? `, ${l.path}` : ''})`;

/** The release's README.md. Pure: built from the metadata, the schemas and the row counts only. */
export function renderReleaseReadme(dataset: DatasetMetadata, created: string, specs: readonly TableSpec[], counts: Readonly<Record<string, number>>): string {
  const published = specs.filter((s) => s.publish);
  const textTables = published.filter((s) => s.textLicense).map((s) => `\`${s.table}\``);
  const lines = [
    `# ${dataset.title}`,
    '',
    dataset.description,
    '',
    `Version ${dataset.version}, created ${created}. This folder is a Frictionless Data Package v2: \`datapackage.json\` describes`,
    'every file, with its schema, size and SHA-256. Each table is given twice, with identical rows:',
    '`csv/<table>.csv` (UTF-8, comma-separated, RFC 4180 quoting, header row; an empty cell is null, `""` is an empty string)',
    'and `parquet/<table>.parquet` (zstd). Rows are sorted by primary key.',
    '',
    '## Files',
    '',
    '- `datapackage.json`: the descriptor; every table file with its size, SHA-256 and Table Schema.',
    '- `changes.json` and `CHANGELOG.md`: what changed since the previous release, rows by primary key.',
    '- `SHA256SUMS`: the SHA-256 of every other file; `sha256sum -c SHA256SUMS` checks them.',
    '- `CITATION.cff`: how to cite this release.',
    '',
    `The folder is also published as one archive beside it, \`${dataset.name}-${dataset.version}.zip\`, and can be checked with`,
    '`npx tsx src/cli.ts verify <folder or archive>` from the repository that built it.',
    '',
    '## Licences',
    '',
    ...dataset.licenses.map((l) => `- The package: ${licenseLine(l)}.`),
    ...dataset.textLicenses.map((l) => `- ${textTables.join(', ')}: ${licenseLine(l)}.`),
    '',
    '## Tables',
    '',
    '| table | rows | CSV | Parquet |',
    '|---|---|---|---|',
    ...published.map((s) => `| ${s.table} | ${counts[s.table] ?? 0} | [${tablePath(s.table, 'csv')}](${tablePath(s.table, 'csv')}) (resource \`${resourceName(s.table, 'csv')}\`) | [${tablePath(s.table, 'parquet')}](${tablePath(s.table, 'parquet')}) (resource \`${resourceName(s.table, 'parquet')}\`) |`),
    '',
    '## Data dictionary',
    '',
    renderDictionary(specs).trimEnd(),
  ];
  return lines.join('\n') + '\n';
}
