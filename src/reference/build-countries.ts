/**
 * `npm run reference:countries`: writes data/reference/countries.csv, the countries and
 * territories of ISO 3166-1 with their Chinese names (from the i18n-iso-countries package, a
 * devDependency: the build reads the CSV, not the package), and the continents, whose codes are
 * the UN M49 region codes (ISO 3166 has none for continents). The place extractor gives a place
 * written with one of these names its `country` code and its kind.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
const OUT = new URL('../../data/reference/countries.csv', import.meta.url);

/** Continents and their UN M49 codes, with the names Chinese text writes them by. */
const CONTINENTS: readonly [string, string][] = [
  ['002', '非洲'], ['142', '亚洲'], ['150', '欧洲'], ['009', '大洋洲'], ['010', '南极洲'],
  ['019', '美洲'], ['003', '北美洲'], ['005', '南美洲'], ['013', '中美洲'], ['419', '拉丁美洲'],
];

export function countriesCsv(): string {
  countries.registerLocale(require('i18n-iso-countries/langs/zh.json'));
  const rows = ['code,alpha3,name,kind'];
  const names = countries.getNames('zh', { select: 'all' }) as Record<string, string[]>;
  for (const code of Object.keys(names).sort()) {
    for (const name of names[code]) {
      if (/[,"\n]/.test(name)) throw new Error(`countries: a name with a comma or quote: ${name}`);
      rows.push(`${code},${countries.alpha2ToAlpha3(code) ?? ''},${name},country`);
    }
  }
  for (const [code, name] of CONTINENTS) rows.push(`${code},,${name},continent`);
  return rows.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OUT, countriesCsv());
  process.stdout.write(`wrote ${OUT.pathname.split('/').slice(-3).join('/')}\n`);
}
