/**
 * `npx tsx bench/verify-limits.ts`: verify on hostile inputs at full size, each in its own process
 * under /usr/bin/time -v (wall time and peak RSS of the whole CLI process, tsx included):
 *   - a zip bomb: 1 GiB of zeros deflated to about 1 MB, with honest sizes (ratio ~1000);
 *   - the same bomb declaring 1 MiB (sizes that lie);
 *   - a CSV record of 10^6 columns in a release whose checksums and hashes agree;
 *   - a 180 MB descriptor;
 *   - a descriptor just under the value limit, every schema field wrong for the profile (the most profile errors);
 *   - a well-formed release (the tests' synthetic one, folder and archive), for comparison.
 * Targets (issue 19): every hostile case ends with a coded error (exit 1) in ≤ 5 s and ≤ 500 MB.
 * Prints one line per case; exits 1 if a hostile case misses its code or a target.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { crc32 } from '../src/release/archive.ts';
import { excessAt } from '../src/release/bounded-json.ts';
import { DEFAULT_LIMITS } from '../src/release/verify.ts';
import { buildSynthetic, reseal, resealChecksums, syntheticData } from '../test/helpers/release.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** A one-entry zip (`bomb-0.1.0/zeros.csv`) of `size` zero bytes, declaring `declared` bytes. */
async function writeBomb(file: string, size: number, declared: number): Promise<void> {
  const chunk = Buffer.alloc(1 << 20);
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const finished = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  for (let done = 0; done < size; done += chunk.length) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  const data = Buffer.concat(parts);
  const name = Buffer.from('bomb-0.1.0/zeros.csv');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = 30 + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  const fh = await open(file, 'w');
  await fh.writev([local, name, data, central, name, end]);
  await fh.close();
}

interface Row { name: string; hostile: boolean; exit: number; codes: string[]; seconds: number; mb: number }

function run(name: string, target: string, hostile: boolean): Row {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', path.join(REPO, 'src/cli.ts'), 'verify', target, '--json'], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
  if (r.error || r.signal) return { name, hostile, exit: -1, codes: [`(killed after 120 s: ${r.signal ?? r.error?.message})`], seconds: NaN, mb: NaN };
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const mb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]) / 1024;
  let codes: string[] = [];
  try {
    codes = [...new Set((JSON.parse(r.stdout).errors as { code: string }[]).map((e) => e.code))];
  } catch {
    codes = ['(no JSON report)'];
  }
  return { name, hostile, exit: r.status ?? -1, codes, seconds, mb };
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'verify-limits-'));
try {
  const built = await buildSynthetic(await syntheticData(scratch, '0.1.0'), path.join(scratch, 'dist'));
  const release = built.release!.path;
  const copy = async (name: string, damage: (dir: string) => Promise<void>) => {
    const dir = path.join(scratch, name);
    await cp(release, dir, { recursive: true });
    await damage(dir);
    return dir;
  };

  const honest = path.join(scratch, 'bomb.zip');
  await writeBomb(honest, 1 << 30, 1 << 30);
  const lying = path.join(scratch, 'bomb-lying.zip');
  await writeBomb(lying, 1 << 30, 1 << 20);

  const wide = await copy('wide', async (dir) => {
    const file = path.join(dir, 'csv/sources.csv');
    const [header, ...rest] = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, [header, Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(','), ...rest].join('\n'));
    await reseal(dir, { parquet: false });
  });
  const huge = await copy('huge-descriptor', async (dir) => {
    const d = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
    d.description = 'x'.repeat(180_000_000);
    await writeFile(path.join(dir, 'datapackage.json'), JSON.stringify(d));
    await resealChecksums(dir);
  });
  const dense = await copy('dense-descriptor', async (dir) => {
    // As many schema fields as the value limit allows, each one the profile rejects in every branch
    // of its oneOf: the most profile errors a descriptor within the limits can cause.
    const fields = Array.from({ length: DEFAULT_LIMITS.columns }, () => ({ name: 1 }));
    let text = '';
    for (let k = 1; ; k++) {
      const next = JSON.stringify({ name: 'x', resources: Array.from({ length: k }, (_, i) => ({ name: `r${i}`, path: 'a.csv', schema: { fields } })) });
      if (excessAt(next, { depth: DEFAULT_LIMITS.jsonDepth, values: DEFAULT_LIMITS.jsonValues })) break;
      text = next;
    }
    await writeFile(path.join(dir, 'datapackage.json'), text);
    await resealChecksums(dir);
  });

  const du = (p: string) => execFileSync('du', ['-sh', p], { encoding: 'utf8' }).split('\t')[0];
  console.log(`verify limits (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}); bomb ${du(honest)}, 10^6-column release ${du(wide)}`);
  const cases: [string, string, boolean][] = [
    ['zip bomb, 1 GiB of zeros in 1 MB', honest, true],
    ['zip bomb declaring 1 MiB', lying, true],
    ['CSV record of 10^6 columns', wide, true],
    ['descriptor of 180 MB', huge, true],
    ['descriptor of 49,9xx values, all wrong', dense, true],
    ['well-formed release folder', release, false],
    ['well-formed release archive', built.release!.archive, false],
  ];
  let failed = false;
  for (const [name, target, hostile] of cases) {
    const r = run(name, target, hostile);
    const within = r.seconds <= 5 && r.mb <= 500;
    if (r.hostile && (r.exit !== 1 || !within || r.codes.includes('(no JSON report)'))) failed = true;
    console.log(`${r.name.padEnd(38)} exit ${r.exit}  ${r.seconds.toFixed(2).padStart(6)} s  ${r.mb.toFixed(0).padStart(4)} MB  ${r.codes.join(', ') || '(valid)'}${r.hostile && !within ? '  OVER TARGET' : ''}`);
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await rm(scratch, { recursive: true, force: true });
}
