import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './helpers/fixtures.ts';

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));

  it('pins every dependency to an exact version', () => {
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, version] of Object.entries(deps ?? {})) assert.match(String(version), /^\d+\.\d+\.\d+(-[\w.]+)?$/, `${name}@${version} is not pinned`);
    }
  });

  it('has the scripts the README and CI use', () => {
    for (const s of ['build', 'test', 'typecheck', 'codegen']) assert.ok(pkg.scripts[s], s);
  });
});
