import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { SEEDED_FILES, SEEDED_FILES_DATASET } from '../../src/sandbox/seed/digits-sample.js';
import { testClient } from '../helpers/test-client.js';

/** What an installed server answered in one short session. */
export interface SessionResult {
  tools: string[];
  /** machines_list's structured result. */
  machines: unknown;
  /** With `download`: the seeded dataset's files as downloaded, path → text. */
  downloaded?: Record<string, string>;
  /** Everything the server wrote to stderr. */
  stderr: string;
}

export interface SessionOptions {
  /** Working directory of the server process (default: a directory of the caller's choosing). */
  cwd?: string;
  /**
   * A files root the server was started with: the session downloads the seeded S3-backed dataset
   * into it (datasets_versions_files_get) and reads the files back.
   */
  download?: string;
}

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };

/**
 * Starts an installed server the way a host does (`command args` over stdio, with `env`), lists
 * its tools and calls machines_list against the sandbox, through the real SDK client; with
 * `download`, also downloads the seeded dataset's files from the sandbox's storage.
 */
export async function sandboxSession(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: SessionOptions = {},
): Promise<SessionResult> {
  const transport = new StdioClientTransport({
    command,
    args,
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const { client } = testClient('install');
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as Result;
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}\n${stderr}`);
    return result.structuredContent ?? {};
  };
  try {
    const { tools } = await client.listTools();
    const machines = await call('machines_list');
    const downloaded = options.download === undefined ? undefined : await download(call, options.download);
    return { tools: tools.map((t) => t.name), machines, stderr, ...(downloaded ? { downloaded } : {}) };
  } finally {
    await client.close();
  }
}

async function download(
  call: (name: string, args?: Record<string, unknown>) => Promise<Record<string, unknown>>,
  root: string,
): Promise<Record<string, string>> {
  const datasets = (await call('datasets_list', { limit: 120 })).items as { id: string; name: string }[];
  const dataset = datasets.find((d) => d.name === SEEDED_FILES_DATASET);
  if (!dataset) throw new Error(`the sandbox has no ${SEEDED_FILES_DATASET} dataset`);
  const versions = (await call('datasets_versions_list', { datasetId: dataset.id })).items as {
    version: string;
  }[];
  const version = versions[0]?.version;
  await call('datasets_versions_files_get', { datasetId: dataset.id, version, toPath: 'digits' });
  const out: Record<string, string> = {};
  for (const path of Object.keys(SEEDED_FILES))
    out[path] = await readFile(join(root, 'digits', path), 'utf8');
  return out;
}
