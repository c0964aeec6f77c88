// The sandbox (API + s3rver) in a process of its own, so that neither side of a comparison shares
// its event loop with the storage server. Prints {"baseUrl","endpoint"} on stdout; stops when stdin ends.
import { loadSource } from '../scripts/load-source.mjs';

const { startSandbox } = await loadSource('src/sandbox/sandbox.ts');

const sandbox = await startSandbox({ seed: true, s3: true });
process.stdout.write(`${JSON.stringify({ baseUrl: sandbox.baseUrl, endpoint: sandbox.s3?.endpoint })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));
