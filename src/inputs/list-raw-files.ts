import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildError, issue, type Issue } from '../issues.ts';
import { sourceId } from '../rows.ts';

export interface RawListing {
  /** File names of the raw pages (`*.txt`, and `*.pdf` read page by page), sorted so every run reads them in the same order. */
  names: string[];
  /** Warnings for entries of raw/ that are not pages; errors for links that leave the data folder. */
  issues: Issue[];
}

/** What a raw page's source id (derived from its name, see sourceId) must be. */
export const SOURCE_ID_EXPECTED = 'a name whose source id does not start with "." and has at most 200 characters, such as 000_0f81d0fce9b36645.txt';

/**
 * Why a raw page name cannot name its page, or null. The source id (rows.ts sourceId: the name
 * without .txt, or an id derived from it) is a key in every table and the start of every article
 * id: it may not look like a path or a hidden file (`..`, `.hidden`), nor be too long to stand in
 * a file name.
 */
export function sourceIdProblem(name: string): string | null {
  const id = sourceId(name);
  if (id.startsWith('.')) return `the source id ${JSON.stringify(id)}`;
  if (id.length > 200) return `a source id of ${id.length} characters`;
  return null;
}

/** True when `target` is `dir` or inside it (both already resolved). */
function inside(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Lists `<dataDir>/raw/*.txt` and `*.pdf`. A missing raw/ folder is a configuration error (BuildError). A
 * symbolic link is followed only when it resolves inside the data folder: one that points outside
 * is an error (`path-outside-data`), so a build never reads, hashes or publishes files it was not given.
 */
export async function listRawFiles(dataDir: string): Promise<RawListing> {
  let entries;
  try {
    entries = await readdir(path.join(dataDir, 'raw'), { withFileTypes: true });
  } catch {
    throw BuildError.of({ code: 'missing-raw-folder', file: 'raw', what: 'raw pages folder not found', expected: `a folder raw/ with *.txt pages in ${dataDir}`, got: 'nothing' });
  }
  const names: string[] = [];
  const issues: Issue[] = [];
  const root = await realpath(dataDir);
  for (const e of entries) {
    const file = `raw/${e.name}`;
    const ignored = (got: string) => issues.push(issue({ code: 'ignored-file', severity: 'warning', file, what: 'not a raw page, ignored', expected: 'a *.txt or *.pdf file', got }));
    let isFile = e.isFile();
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      const target = await realpath(path.join(dataDir, 'raw', e.name)).catch(() => null);
      if (target === null) { ignored('a broken symbolic link'); continue; }
      if (!inside(root, target)) {
        issues.push(issue({ code: 'path-outside-data', file, what: 'raw page is a symbolic link to a file outside the data folder', expected: `a file inside ${dataDir}`, got: JSON.stringify(target) }));
        continue;
      }
      const s = await stat(target);
      [isFile, isDir] = [s.isFile(), s.isDirectory()];
    }
    if (isFile && (e.name.endsWith('.txt') || /\.pdf$/iu.test(e.name))) {
      const bad = sourceIdProblem(e.name);
      if (bad) issues.push(issue({ code: 'invalid-source-id', file, what: 'raw page name does not give a usable source id', expected: SOURCE_ID_EXPECTED, got: bad }));
      else names.push(e.name);
    }
    else ignored(isFile ? 'another file type' : isDir ? 'a folder' : 'not a regular file');
  }
  // Plain code-unit order: independent of locale.
  names.sort();
  return { names, issues };
}
