// The sandbox (API + s3rver) in a process of its own, so that neither side of a comparison shares
// its event loop with the storage server. Prints {"baseUrl","endpoint"} on stdout; stops when stdin ends.
// Storage is s3rver (a disk-backed S3 server that is not ours), as in the file tool tests.
import { loadSource } from '../scripts/load-source.mjs';

const [{ startSandbox }, { s3rver }] = await Promise.all([
  loadSource('src/sandbox/sandbox.ts'),
  loadSource('test/helpers/s3rver.ts'),
]);

const sandbox = await startSandbox({ seed: true, s3: s3rver });
process.stdout.write(`${JSON.stringify({ baseUrl: sandbox.baseUrl, endpoint: sandbox.s3?.endpoint })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));
