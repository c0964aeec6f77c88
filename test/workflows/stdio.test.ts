import type { Progress } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/spawn.js';

describe.each(['legacy', 'modern'] as const)('the built binary over stdio (%s era)', (era) => {
  it('--sandbox serves the workflow tools with their seeded machines: wait with progress, cost summary', async () => {
    const server = await spawnServer(['--sandbox'], {}, era);
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['machines_wait', 'deployments_wait', 'costs_summary', 'batch_run']),
      );
      const list = await server.client.callTool({ name: 'machines_list', arguments: { state: 'ready' } });
      const items = (list.structuredContent as { items: { id: string; name: string }[] }).items;
      const train = items.find((m) => m.name === 'train-a100');
      const heard: Progress[] = [];
      const waited = await server.client.callTool(
        { name: 'machines_wait', arguments: { id: train?.id } },
        { onprogress: (p) => heard.push(p) },
      );
      expect(waited.structuredContent).toMatchObject({ done: true, state: 'ready', polls: 1 });
      expect(heard.map((p) => p.message)).toEqual([expect.stringMatching(/^machine ps\w+ is ready after/)]);
      const costs = await server.client.callTool({ name: 'costs_summary', arguments: {} });
      expect(costs.structuredContent).toMatchObject({ totals: { machines: 5, running: 2 } });
    } finally {
      await server.close();
    }
  });
});
