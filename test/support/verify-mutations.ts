/**
 * Random damage to a release, for the verify mutation test and bench/verify-mutations.ts: one
 * single-byte change, truncation, or bytes appended or prepended, to the archive or to one file of
 * the release folder (the descriptor, SHA256SUMS, a CSV or a Parquet file, ...). Each case is applied
 * to the release in place and undone after, so thousands of cases need no copies.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { verify, type VerifyReport } from '../../src/release/verify.ts';
import { seededRandom } from './seeded-random.ts';

export type MutationOp = 'flip' | 'truncate' | 'append' | 'prepend';

export interface Mutation {
  /** `archive`, or a path relative to the release folder. */
  target: string;
  op: MutationOp;
  /** flip: the byte's offset; truncate: the new length. */
  at: number;
  /** flip: the value XORed into the byte (1-255); append/prepend: the bytes added. */
  bytes: number[];
}

export interface MutationOutcome {
  mutation: Mutation;
  /** verify said invalid (exit 1) with a code for every error. */
  detected: boolean;
  /** verify threw, or exited otherwise than 1 (a crash: the release was damaged, not the machine). */
  crashed: string | null;
  codes: string[];
}


/** A random mutation of one of `targets` (name to size in bytes). Flips are 70% of cases: they are the hard ones. */
export function randomMutation(random: () => number, targets: ReadonlyMap<string, number>): Mutation {
  const names = [...targets.keys()];
  const target = names[Math.floor(random() * names.length)];
  const size = targets.get(target)!;
  const r = random();
  const byte = () => Math.floor(random() * 256);
  if (r < 0.7 && size > 0) return { target, op: 'flip', at: Math.floor(random() * size), bytes: [1 + Math.floor(random() * 255)] };
  if (r < 0.85 && size > 0) return { target, op: 'truncate', at: Math.floor(random() * size), bytes: [] };
  const added = Array.from({ length: 1 + Math.floor(random() * 16) }, byte);
  return { target, op: r < 0.95 ? 'append' : 'prepend', at: 0, bytes: added };
}

export function mutate(buf: Buffer, m: Mutation): Buffer {
  switch (m.op) {
    case 'flip': {
      const out = Buffer.from(buf);
      out[m.at] ^= m.bytes[0];
      return out;
    }
    case 'truncate': return buf.subarray(0, m.at);
    case 'append': return Buffer.concat([buf, Buffer.from(m.bytes)]);
    case 'prepend': return Buffer.concat([Buffer.from(m.bytes), buf]);
  }
}

/** Applies `m` to the release (folder `release`, archive `archive`), runs verify on what it damaged, and undoes it. */
export async function runMutation(release: string, archive: string, m: Mutation, options: Parameters<typeof verify>[1] = {}): Promise<MutationOutcome> {
  const file = m.target === 'archive' ? archive : path.join(release, m.target);
  const original = await readFile(file);
  await writeFile(file, mutate(original, m));
  let report: VerifyReport | null = null;
  let crashed: string | null = null;
  try {
    report = await verify(m.target === 'archive' ? archive : release, options);
  } catch (e) {
    const issues = (e as { issues?: { code: string; message: string }[] }).issues;
    crashed = issues ? issues.map((i) => `${i.code}: ${i.message}`).join('; ') : String((e as Error)?.stack ?? e);
  } finally {
    await writeFile(file, original);
  }
  if (report && report.exit_code !== 1) crashed ??= report.exit_code === 0 ? null : `exit ${report.exit_code}`;
  const codes = report?.errors.map((e) => e.code) ?? [];
  const detected = report !== null && report.exit_code === 1 && codes.length > 0 && codes.every((c) => /^[a-z][a-z0-9:-]*$/.test(c));
  return { mutation: m, detected, crashed, codes };
}
