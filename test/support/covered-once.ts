/**
 * The test-side form of the check raw-lines-covered-once: every non-blank raw line of `text` is in
 * exactly one piece of one article of the recovered page, or unassigned.
 */
import assert from 'node:assert/strict';
import { splitRawLines } from '../../src/recover/lines.ts';
import type { RecoveredPage } from '../../src/recover/types.ts';

export function coveredOnce(text: string, p: RecoveredPage): void {
  const count = new Map<number, number>();
  for (const a of p.articles) for (const x of a.pieces) for (let n = x.lineStart; n <= x.lineEnd; n++) count.set(n, (count.get(n) ?? 0) + 1);
  for (const u of p.unassigned) count.set(u.line, (count.get(u.line) ?? 0) + 1);
  splitRawLines(text).forEach((line, i) => {
    if (line.trim() !== '') assert.equal(count.get(i + 1), 1, `line ${i + 1}`);
  });
}
