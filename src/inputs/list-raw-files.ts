import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { BuildError, issue, type Issue } from '../issues.ts';

export interface RawListing {
  /** File names of the raw pages (`*.txt`), sorted so every run reads them in the same order. */
  names: string[];
  /** Warnings for entries of raw/ that are not pages. */
  issues: Issue[];
}

/** Lists `<dataDir>/raw/*.txt`. A missing raw/ folder is a configuration error (BuildError). */
export async function listRawFiles(dataDir: string): Promise<RawListing> {
  let entries;
  try {
    entries = await readdir(path.join(dataDir, 'raw'), { withFileTypes: true });
  } catch {
    throw BuildError.of({ code: 'missing-raw-folder', file: 'raw', what: 'raw pages folder not found', expected: `a folder raw/ with *.txt pages in ${dataDir}`, got: 'nothing' });
  }
  const names: string[] = [];
  const issues: Issue[] = [];
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith('.txt')) names.push(e.name);
    else issues.push(issue({ code: 'ignored-file', severity: 'warning', file: `raw/${e.name}`, what: 'not a raw page, ignored', expected: 'a *.txt file', got: e.isFile() ? 'another file type' : 'a folder' }));
  }
  // Plain code-unit order: independent of locale.
  names.sort();
  return { names, issues };
}
