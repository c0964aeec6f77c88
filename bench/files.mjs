// npm run bench:files — dataset file throughput against s3rver: a 200 MB file uploaded and
// downloaded through the built server's tools (stdio), beside the same transfer done directly with
// the AWS SDK client in the same run, against the same s3rver (in a sandbox process of its own).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

// The SDK's plain-text notice about future Node versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ENTRY = new URL('../dist/index.js', import.meta.url).pathname;
const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FILE_MB ?? 200) * MB;
const RUNS = Number(process.env.BENCH_FILE_RUNS ?? 3);
// The sandbox's seeded "aws-datasets" provider (its secret is never shown through the tools).
const KEYS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const BUCKET = 'analytical-engines-datasets';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms) => SIZE / MB / (ms / 1000);

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const work = await mkdtemp(join(tmpdir(), 'psmcp-bench-files-'));
const source = join(work, 'data.bin');
const chunk = randomBytes(MB);
await writeFile(source, Buffer.concat(Array.from({ length: SIZE / MB }, () => chunk)));

const sandbox = spawn(process.execPath, [new URL('./sandbox-process.mjs', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [first] = await once(createInterface({ input: sandbox.stdout }), 'line');
const { baseUrl } = JSON.parse(first);
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [ENTRY, '--toolsets', 'all', '--confirm', 'off', '--files-root', work],
  env: { PATH: process.env.PATH, PAPERSPACE_API_URL: baseUrl, PAPERSPACE_API_KEY: 'bench' },
  stderr: 'ignore',
});
const client = new Client({ name: 'bench-files', version: '1' });
await client.connect(transport);
const call = async (name, args) => {
  const r = await client.callTool({ name, arguments: args }, { timeout: 600_000 });
  if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  return r.structuredContent;
};

const providers = await call('storage_providers_list', {});
const provider = providers.items.find((p) => p.name === 'aws-datasets');
const endpoint = provider.s3Config.endpoint;
const s3 = new S3Client({
  endpoint,
  forcePathStyle: true,
  region: 'us-east-1',
  credentials: KEYS,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const ds = await call('datasets_create', { name: 'bench', isPublic: false, storageProviderId: provider.id });

const results = { toolUp: [], toolDown: [], sdkUp: [], sdkDown: [] };
for (let run = 0; run < RUNS; run++) {
  const { version, url } = await call('datasets_versions_create', { datasetId: ds.id });
  const prefix = url.replace(/^s3:\/\/[^/]+\//, '');
  results.toolUp.push(
    await timed(() =>
      call('datasets_versions_files_put', { datasetId: ds.id, version, fromPath: source, toPrefix: 'tool/' }),
    ),
  );
  const dest = join(work, `tool-${run}.bin`);
  results.toolDown.push(
    await timed(() =>
      call('datasets_versions_files_get', { datasetId: ds.id, version, path: 'tool/data.bin', toPath: dest }),
    ),
  );
  if ((await stat(dest)).size !== SIZE) throw new Error('tool download size differs');

  // The same transfer with the S3 client directly: same part size and parts in flight as the server.
  const key = `${prefix}sdk/data.bin`;
  results.sdkUp.push(
    await timed(() =>
      new Upload({
        client: s3,
        params: { Bucket: BUCKET, Key: key, Body: createReadStream(source) },
        partSize: 8 * MB,
        queueSize: 4,
      }).done(),
    ),
  );
  const sdkDest = join(work, `sdk-${run}.bin`);
  results.sdkDown.push(
    await timed(async () => {
      const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      await pipeline(res.Body, createWriteStream(sdkDest));
    }),
  );
  await rm(dest);
  await rm(sdkDest);
}

const line = (what, ours, direct) =>
  `| ${what} | ${mbps(median(ours)).toFixed(0)} MB/s (${(median(ours) / 1000).toFixed(2)} s) | ${mbps(median(direct)).toFixed(0)} MB/s (${(median(direct) / 1000).toFixed(2)} s) | ${((median(direct) / median(ours)) * 100).toFixed(0)} % |`;
console.log(
  `\nDataset files, ${SIZE / MB} MB file, s3rver on loopback, median of ${RUNS} (node ${process.version})\n`,
);
console.log('| transfer | through the MCP tool | S3 client directly | tool vs direct |');
console.log('| --- | --- | --- | --- |');
console.log(line('upload', results.toolUp, results.sdkUp));
console.log(line('download', results.toolDown, results.sdkDown));

s3.destroy();
await client.close();
sandbox.stdin.end();
await rm(work, { recursive: true, force: true });
