/**
 * A publish killed at one step, in its own process, for test/publish-faults.test.ts:
 * `node --import tsx publish-killed.ts OUT STAGED VERSION ARCHIVE ROOT_DESCRIPTOR ROOT_CHANGELOG STEP`.
 * Does what publishRelease does once the release is written, with the release staged by copying
 * STAGED (a built `<VERSION>/` folder and ARCHIVE) into `OUT/.tmp-<pid>/`: takes the lock, recovers,
 * stages, commits; and sends itself SIGKILL at STEP, so nothing of its own cleanup runs. At `stage`
 * it dies half-way through staging (the folder copied, the archive not).
 */
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { acquireLock } from '../../src/release/lock.ts';
import { commitRelease, recoverOutput, type PublishStep } from '../../src/release/publish-state.ts';

const [out, staged, version, archive, rootDescriptor, rootChangelog, killAt] = process.argv.slice(2);
const kill = (step: PublishStep) => { if (step === killAt) process.kill(process.pid, 'SIGKILL'); };
const root = { descriptor: rootDescriptor, changelog: rootChangelog };

await acquireLock(out);
await recoverOutput(out, root);
const staging = path.join(out, `.tmp-${process.pid}`);
await mkdir(staging);
await cp(path.join(staged, version), path.join(staging, version), { recursive: true });
kill('stage');
await cp(path.join(staged, archive), path.join(staging, archive));
await commitRelease({ outDir: out, staging, version, archive, root, fault: kill });
process.stderr.write(`publish-killed: step ${killAt} never came\n`);
process.exitCode = 3;
