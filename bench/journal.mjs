import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawStdio } from './raw-stdio.mjs';
import { median } from './stats.mjs';

/**
 * What the audit journal adds to a mutating call: projects_create over stdio, p50, with and without
 * --audit-log (two chained lines, each synced to disk before the call goes on).
 */
export async function journalCost(entry, env, calls) {
  const file = join(await mkdtemp(join(tmpdir(), 'paperspace-mcp-bench-audit-')), 'audit.jsonl');
  const timed = async (extra) => {
    const server = await rawStdio([entry, '--toolsets', 'all', ...extra], env);
    const times = [];
    for (let i = 0; i < calls + 50; i++) {
      const t0 = process.hrtime.bigint();
      await server.callTool('projects_create', { name: `bench-${i}` });
      if (i >= 50) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    server.close();
    return median(times);
  };
  const without = await timed([]);
  const withJournal = await timed(['--audit-log', file]);
  return { without, withJournal };
}
