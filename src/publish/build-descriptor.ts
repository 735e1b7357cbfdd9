import { comparePaths } from '../release/checksums.ts';
import { tableSchema, type TableSpec } from '../schema/index.ts';
import type { DatasetMetadata } from './dataset-metadata.ts';
import { NULL_PARTITION, PARTITION_COLUMN, partitionRoot } from './partition.ts';

export type Format = 'csv' | 'parquet';

export const PROFILE_URL = 'https://datapackage.org/profiles/2.0/datapackage.json';

const MEDIATYPES: Record<Format, string> = { csv: 'text/csv', parquet: 'application/vnd.apache.parquet' };

/** A data file of the release, with its size and checksum. */
export interface ReleaseFile {
  /** Path relative to the release folder, forward slashes: `csv/articles.csv`. */
  path: string;
  bytes: number;
  /** `sha256:<hex>`. */
  hash: string;
}

export interface TableFile extends ReleaseFile {
  table: string;
  format: Format;
  /** Only on the files of the partitioned Parquet copy: the issue year they hold, null for unknown. */
  year?: number | null;
}

/** Whether a table file belongs to the partitioned Parquet copy (partition.ts). */
export function isPartitionFile(f: TableFile): boolean {
  return f.year !== undefined;
}

/** Release path of a table in a format: `csv/<table>.csv`, `parquet/<table>.parquet`. */
export function tablePath(table: string, format: Format): string {
  return `${format}/${table}.${format}`;
}

/**
 * Resource names: the CSV resource is named after the table (`articles`), the Parquet one gets a
 * suffix (`articles-parquet`). Foreign keys reference resources of the same format, so each format
 * is a complete, self-consistent set on its own.
 */
export function resourceName(table: string, format: Format): string {
  return format === 'csv' ? table : `${table}-${format}`;
}

/** The resource of a table's partitioned Parquet copy: `articles-parquet-by-year`. */
export function byYearResourceName(table: string): string {
  return `${resourceName(table, 'parquet')}-by-year`;
}

// The CSV dialect DuckDB's COPY is pinned to (see write-tables.ts), stated rather than left to defaults.
const CSV_DIALECT = { header: true, delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true };

export interface DescriptorInput {
  dataset: DatasetMetadata;
  created: string;
  specs: readonly TableSpec[];
  files: readonly TableFile[];
  /** Prepended to every resource path, e.g. `dist/` for the descriptor at the repo root. */
  pathPrefix?: string;
}

/**
 * The Data Package v2 descriptor. Pure; keys are built in a fixed order so the JSON is byte-stable.
 * Resources: all CSV resources in schema order, then all Parquet ones, then (when the files include
 * the partitioned copy) one `<table>-parquet-by-year` resource per partitioned table, whose `path`
 * is the array of its files in byte order: a multipart resource, its rows the union of the files'.
 * It has the table's schema (the files hold exactly its columns; the year is in the folder names)
 * and no `bytes` or `hash`, which the specification defines for one file: each file's size and
 * SHA-256 are in SHA256SUMS. Its foreign keys name the partitioned resources, or the Parquet one
 * of a table without a partitioned copy.
 */
export function buildDescriptor({ dataset, created, specs, files, pathPrefix = '' }: DescriptorInput): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const format of ['csv', 'parquet'] as const) {
    for (const spec of specs.filter((s) => s.publish)) {
      const file = files.find((f) => f.table === spec.table && f.format === format && !isPartitionFile(f));
      if (!file) throw new Error(`buildDescriptor: no ${format} file for ${spec.table}`);
      resources.push({
        name: resourceName(spec.table, format),
        type: 'table',
        title: spec.title,
        description: spec.description,
        path: pathPrefix + file.path,
        format,
        mediatype: MEDIATYPES[format],
        ...(format === 'csv' ? { encoding: 'utf-8' } : {}),
        bytes: file.bytes,
        hash: file.hash,
        ...(format === 'csv' ? { dialect: CSV_DIALECT } : {}),
        // Resource licences replace the package's: tables with the newspaper's text are not CC-BY.
        ...(spec.textLicense ? { licenses: dataset.textLicenses } : {}),
        schema: tableSchema(spec, (t) => resourceName(t, format)),
      });
    }
  }
  const partitioned = new Set(files.filter(isPartitionFile).map((f) => f.table));
  for (const spec of specs.filter((s) => s.publish && partitioned.has(s.table))) {
    const paths = files.filter((f) => f.table === spec.table && isPartitionFile(f)).map((f) => pathPrefix + f.path).sort(comparePaths);
    resources.push({
      name: byYearResourceName(spec.table),
      type: 'table',
      title: `${spec.title}, by issue year`,
      description: `${spec.description} The rows of ${resourceName(spec.table, 'parquet')} partitioned Hive-style by the issue year of their page (sources.issue_date, else issue_date_earliest): one file per year, ${partitionRoot(spec.table)}/${PARTITION_COLUMN}=<year>/part-0.parquet, ${PARTITION_COLUMN}=${NULL_PARTITION} for pages of unknown date. The year is in the folder name, not in the files; each file is sorted by primary key.`,
      path: paths,
      format: 'parquet',
      mediatype: MEDIATYPES.parquet,
      ...(spec.textLicense ? { licenses: dataset.textLicenses } : {}),
      schema: tableSchema(spec, (t) => (partitioned.has(t) ? byYearResourceName(t) : resourceName(t, 'parquet'))),
    });
  }
  return {
    $schema: PROFILE_URL,
    name: dataset.name,
    title: dataset.title,
    description: dataset.description,
    version: dataset.version,
    created,
    ...(dataset.homepage ? { homepage: dataset.homepage } : {}),
    licenses: dataset.licenses,
    sources: dataset.sources,
    contributors: dataset.contributors,
    keywords: dataset.keywords,
    languages: dataset.languages,
    resources,
  };
}

/** JSON as released: 2-space indent, LF, trailing newline. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
