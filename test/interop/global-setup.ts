import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { spawnHttpServer } from '../helpers/process.js';

export interface InteropContext {
  /** Node 22 and the Inspector CLI, installed once into a cache outside the project. */
  node: string;
  inspector: string;
  /** One long-lived `--sandbox --http --toolsets all` server of the built binary, both eras. */
  httpUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    interop: InteropContext;
  }
}

/**
 * Before the interop suite: the outside tools (scripts/external-tools.mjs, from the npm registry
 * the first time) and the HTTP server every client shares. Runs only when interop tests run.
 */
export default async function setup(project: TestProject) {
  const root = new URL('../..', import.meta.url).pathname;
  const tools = JSON.parse(
    execFileSync(process.execPath, ['scripts/external-tools.mjs'], { cwd: root, encoding: 'utf8' }),
  ) as { node: string; inspector: string };
  const server = await spawnHttpServer(['--sandbox', '--toolsets', 'all'], {});
  project.provide('interop', { node: tools.node, inspector: tools.inspector, httpUrl: server.url });
  return async () => {
    server.kill('SIGTERM');
    await server.exited;
  };
}
