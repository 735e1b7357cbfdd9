/**
 * A build in its own process, for tests that signal it: `node --import tsx build-synthetic.ts DATA OUT`
 * builds DATA (pages recovered as the synthetic page) into OUT and exits with the report's code.
 */
import { buildSynthetic } from '../helpers/release.ts';

const [data, out] = process.argv.slice(2);
buildSynthetic(data, out).then(
  (r) => { process.exitCode = r.exit_code; },
  (e) => { process.stderr.write(`${(e as Error).stack ?? e}\n`); process.exitCode = 2; },
);
