import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { it } from 'vitest';

/**
 * A real redis-server on a free loopback port, for the tests that need one. Without the binary,
 * those tests skip with a message locally and fail under CI (where .ci/run installs it).
 */
export interface RedisServer {
  url: string;
  /** SIGSTOP: the server keeps its connections and answers nothing until `resume`. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

function redisBinary(): string | undefined {
  for (const candidate of ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  return undefined;
}

export const REDIS_BINARY = redisBinary();

/**
 * `it` when redis-server exists; otherwise a test that fails under CI and a skipped one (with
 * the reason in its name) locally.
 */
export function itWithRedis(name: string, fn: () => Promise<void>, timeout?: number): void {
  if (REDIS_BINARY) {
    it(name, fn, timeout);
  } else if (process.env.CI) {
    it(name, () => {
      throw new Error('redis-server is not installed: CI must run the Redis tests (.ci/run installs it)');
    });
  } else {
    it.skip(`${name} [skipped: redis-server not installed; apt-get install -y redis-server]`, fn);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server (no persistence) and resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  if (!REDIS_BINARY) throw new Error('redis-server is not installed');
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_BINARY,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`redis-server exited: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    async stop() {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
