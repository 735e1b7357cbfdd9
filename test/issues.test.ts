import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildError, formatIssue, issue, location } from '../src/issues.ts';

describe('issue', () => {
  it('reads "what: expected X, got Y (file:line, field)"', () => {
    const i = issue({ code: 'manifest-invalid-date', file: 'manifest.csv', line: 3, field: 'issue_date', what: 'not a valid date', expected: 'a calendar date YYYY-MM-DD', value: '2020-02-30' });
    assert.equal(i.message, 'not a valid date: expected a calendar date YYYY-MM-DD, got "2020-02-30" (manifest.csv:3, issue_date)');
    assert.deepEqual(
      { code: i.code, severity: i.severity, file: i.file, line: i.line, table: i.table, field: i.field, value: i.value, expected: i.expected },
      { code: 'manifest-invalid-date', severity: 'error', file: 'manifest.csv', line: 3, table: null, field: 'issue_date', value: '2020-02-30', expected: 'a calendar date YYYY-MM-DD' },
    );
    assert.equal(formatIssue(i), `error manifest-invalid-date: ${i.message}`);
  });

  it('leaves out what is unknown', () => {
    assert.equal(issue({ code: 'x', what: 'broken' }).message, 'broken');
    assert.equal(issue({ code: 'x', what: 'broken', file: 'raw/a.txt', got: '0 bytes' }).message, 'broken: got 0 bytes (raw/a.txt)');
    assert.equal(location(null, null, 'page'), 'page');
  });

  it('shortens long values by code points', () => {
    const long = '𠀀'.repeat(100);
    const i = issue({ code: 'x', what: 'long', value: long });
    assert.equal(i.value, '𠀀'.repeat(80) + '…');
  });

  it('BuildError carries its issues', () => {
    const e = BuildError.of({ code: 'invalid-schema', file: 'schema/a.schema.json', what: 'bad', expected: 'good', got: 'bad' });
    assert.equal(e.issues[0].code, 'invalid-schema');
    assert.match(e.message, /^invalid-schema: bad: expected good, got bad \(schema\/a\.schema\.json\)$/);
  });
});
