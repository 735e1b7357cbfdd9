import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { settingsValidatorsAhead } from '../generated/settings-validators.js';
import { BuildError, issue } from '../issues.ts';
import { createAjv, schemaSha256 } from '../schema/load-schemas.ts';

export const DATASET_FILE = 'dataset.json';

/**
 * The ajv instance dataset.json's and the quality figures' schemas are compiled with (strict, all
 * errors, ajv-formats' formats); `code` adds ajv code options (codegen makes standalone code with it).
 */
export function createSettingsAjv(code: Parameters<typeof createAjv>[0] = {}) {
  return createAjv(code, { tableKeywords: false });
}

export interface License {
  name: string;
  path?: string;
  title?: string;
}

/** Hand-edited package-level metadata, `<data>/dataset.json`; copied into the descriptor. */
export interface DatasetMetadata {
  name: string;
  title: string;
  description: string;
  version: string;
  /** Default `created` of the release, RFC 3339 UTC; overridden by --created or SOURCE_DATE_EPOCH. */
  created: string;
  homepage?: string;
  /** The package licence: applies to every resource without its own. */
  licenses: License[];
  /** Resource licence of tables whose schema says `x-textLicense`: the newspaper's own text. */
  textLicenses: License[];
  sources: Record<string, unknown>[];
  contributors: Record<string, unknown>[];
  keywords: string[];
  languages: string[];
  /**
   * Releases with at least this many articles also get the Parquet copy partitioned by issue year
   * (src/publish/partition.ts); default DEFAULT_PARTITION_MIN_ARTICLES. 0: always.
   */
  partitionMinArticles?: number;
}

const license = {
  type: 'object', additionalProperties: false, required: ['name', 'title'],
  properties: { name: { type: 'string', pattern: '^[-a-zA-Z0-9._]+$' }, path: { type: 'string' }, title: { type: 'string' } },
};
const nonEmpty = { type: 'string', minLength: 1 };
export const DATASET_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'title', 'description', 'version', 'created', 'licenses', 'textLicenses', 'sources', 'contributors', 'keywords', 'languages'],
  properties: {
    // The archive is named <name>-<version>.zip: both bounded so that it fits a file name (255 bytes).
    name: { type: 'string', pattern: '^[a-z0-9._-]+$', maxLength: 200 },
    title: nonEmpty,
    description: nonEmpty,
    // SemVer MAJOR.MINOR.PATCH without leading zeros: it names the release folder (src/release/semver.ts).
    version: { type: 'string', pattern: '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$', maxLength: 50 },
    created: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$', format: 'date-time' },
    homepage: { type: 'string', format: 'uri' },
    licenses: { type: 'array', minItems: 1, items: license },
    textLicenses: { type: 'array', minItems: 1, items: license },
    sources: { type: 'array', minItems: 1, items: { type: 'object', required: ['title'], properties: { title: nonEmpty } } },
    contributors: { type: 'array', minItems: 1, items: { type: 'object', required: ['title'], properties: { title: nonEmpty } } },
    keywords: { type: 'array', items: nonEmpty },
    languages: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)*$' } },
    partitionMinArticles: { type: 'integer', minimum: 0 },
  },
};

let validateDataset: ValidateFunction | undefined;

/** Checks dataset.json's shape; a bad file is a configuration error (BuildError), not a data issue. */
export function parseDatasetMetadata(json: unknown): DatasetMetadata {
  // Compiled ahead (`npm run codegen`) unless DATASET_SCHEMA changed since: then compiled here.
  validateDataset ??= settingsValidatorsAhead.datasetMetadata.sha256 === schemaSha256(JSON.stringify(DATASET_SCHEMA))
    ? settingsValidatorsAhead.datasetMetadata.validate
    : createSettingsAjv().compile(DATASET_SCHEMA);
  if (!validateDataset(json)) {
    throw new BuildError((validateDataset.errors ?? []).map((e) => issue({
      code: 'invalid-dataset-metadata',
      file: DATASET_FILE,
      field: e.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(e.params.missingProperty ?? e.params.additionalProperty ?? '') || null,
      what: `dataset metadata ${e.message}`,
      expected: JSON.stringify(e.params),
      got: 'something else',
    })));
  }
  return json as DatasetMetadata;
}

export async function readDatasetMetadata(dataDir: string): Promise<DatasetMetadata> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, DATASET_FILE), 'utf8');
  } catch {
    throw BuildError.of({ code: 'missing-dataset-metadata', file: DATASET_FILE, what: 'package metadata not found', expected: `${DATASET_FILE} in the data folder`, got: 'no file' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw BuildError.of({ code: 'invalid-dataset-metadata', file: DATASET_FILE, what: 'dataset metadata is not valid JSON', got: (e as Error).message });
  }
  return parseDatasetMetadata(json);
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `2026-11-25T00:00:00Z`: UTC, whole seconds, so the descriptor's bytes do not depend on the input's spelling. */
function normalize(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The first instant a zip archive cannot record: MS-DOS dates count years from 1980 in 7 bits, so they end with 2107. */
export const ZIP_TIME_END = '2108-01-01T00:00:00Z';

/**
 * Throws BuildError `created-out-of-range` when `created` (from `source`) is past what the release
 * archive can record. Refused, not clamped: the archive's entries would carry another date than
 * the descriptor, and no zip time field (DOS, or the 32-bit Unix one) holds 2108.
 */
export function checkCreatedRange(created: string, source: { file?: string; field?: string; what: string }): void {
  if (Date.parse(created) < Date.parse(ZIP_TIME_END)) return;
  throw BuildError.of({
    code: 'created-out-of-range',
    file: source.file ?? null,
    field: source.field ?? null,
    what: `${source.what} is too late for the release archive (zip timestamps end with the year 2107)`,
    expected: `a date before ${ZIP_TIME_END}`,
    got: JSON.stringify(created),
  });
}

/**
 * The release's `created` timestamp: the --created flag, else SOURCE_DATE_EPOCH (the reproducible-builds
 * convention), else dataset.json. Never the wall clock, so rebuilding gives identical bytes. From
 * 2108 on it is refused (checkCreatedRange).
 */
export function resolveCreated(flag: string | null | undefined, env: Readonly<Record<string, string | undefined>>, dataset: DatasetMetadata): string {
  if (flag !== null && flag !== undefined) {
    const d = new Date(flag);
    if (!ISO.test(flag) || Number.isNaN(d.getTime())) {
      throw BuildError.of({ code: 'invalid-created', what: 'invalid --created', expected: 'an ISO 8601 date or date-time, e.g. 2026-11-25T00:00:00Z', got: JSON.stringify(flag) });
    }
    checkCreatedRange(d.toISOString(), { what: `--created ${flag}` });
    return normalize(d);
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    const d = new Date(Number(epoch) * 1000);
    if (!/^\d+$/.test(epoch) || Number.isNaN(d.getTime())) {
      throw BuildError.of({ code: 'invalid-created', what: 'invalid SOURCE_DATE_EPOCH', expected: 'whole seconds since 1970-01-01T00:00:00Z', got: JSON.stringify(epoch) });
    }
    checkCreatedRange(d.toISOString(), { what: `SOURCE_DATE_EPOCH ${epoch}` });
    return normalize(d);
  }
  checkCreatedRange(dataset.created, { file: DATASET_FILE, field: 'created', what: `the release date in ${DATASET_FILE}` });
  return dataset.created;
}
