import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildError, issue, type Issue } from '../issues.ts';

export interface RawListing {
  /** File names of the raw pages (`*.txt`, and `*.pdf` read page by page), sorted so every run reads them in the same order. */
  names: string[];
  /** Warnings for entries of raw/ that are not pages; errors for links that leave the data folder. */
  issues: Issue[];
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
    if (isFile && (e.name.endsWith('.txt') || /\.pdf$/iu.test(e.name))) names.push(e.name);
    else ignored(isFile ? 'another file type' : isDir ? 'a folder' : 'not a regular file');
  }
  // Plain code-unit order: independent of locale.
  names.sort();
  return { names, issues };
}
