import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Issue } from '../issues.ts';
import { decodeRawText, type RawEncoding } from './decode-raw-text.ts';

export interface RawFile {
  /** File name, e.g. `000_0f81d0fce9b36645.txt`. */
  name: string;
  /** Path relative to the data folder, with forward slashes: `raw/<name>`. */
  file: string;
  bytes: number;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  /** Decoded text, or null when the file could not be read as text (see issues). */
  text: string | null;
  /** The encoding detected, or null with the text. */
  encoding: RawEncoding | null;
  issues: Issue[];
}

/** Reads one raw page: bytes, checksum, detected encoding and strictly decoded text. */
export async function readRawFile(dataDir: string, name: string): Promise<RawFile> {
  const buf = await readFile(path.join(dataDir, 'raw', name));
  const file = `raw/${name}`;
  const decoded = decodeRawText(buf, file);
  return {
    name,
    file,
    bytes: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
    text: decoded.text,
    encoding: decoded.encoding,
    issues: decoded.issue ? [decoded.issue] : [],
  };
}
