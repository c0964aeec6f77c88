import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTaskStore } from '../../src/tasks/store.js';
import { Tasks } from '../../src/tasks/tasks.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { httpClient } from '../helpers/http.js';
import { DIST_ENTRY } from '../helpers/spawn.js';
import { startFixtureServer } from './fixture-server.js';
import { taskFixtures } from './fixture-tasks.js';
import { FIXTURE_TOOLS } from './fixture-tools.js';

/**
 * The conformance suite's server (.ci/conformance runs the suite against it): the real tools keep
 * working beside the fixtures in both eras, and no fixture is part of the built server.
 */
describe('the conformance fixture server', () => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  beforeAll(async () => {
    server = await startFixtureServer(0);
  });
  afterAll(() => server.close());

  it.each(['legacy', 'modern'] as const)('serves every real tool and the fixtures (%s era)', async (era) => {
    const client = await httpClient(server.url, { era });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      const taskNames = taskFixtures(new Tasks(new MemoryTaskStore())).map((f) => f.tool.name);
      expect(names).toEqual([
        ...OPERATIONS.map((op) => op.name),
        ...FIXTURE_TOOLS.map((f) => f.tool.name),
        ...taskNames,
      ]);
      const real = await client.callTool({ name: 'machines_list', arguments: { limit: 1 } });
      expect(real.isError).toBeFalsy();
      expect(real.structuredContent).toMatchObject({
        items: [expect.objectContaining({ id: expect.any(String) })],
      });
      const fixture = await client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(fixture.content).toEqual([
        { type: 'text', text: 'This is a simple text response for testing.' },
      ]);
    } finally {
      await client.close();
    }
  });

  it('no fixture reaches dist/', async () => {
    const dist = join(DIST_ENTRY, '..');
    const files = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith('.js'));
    const built = (await Promise.all(files.map((f) => readFile(join(dist, f), 'utf8')))).join('\n');
    expect(built).toContain('machines_list');
    for (const name of [
      'test_simple_text',
      'test_input_required_result_elicitation',
      'test://static-text',
      'slow_compute',
    ]) {
      expect(built).not.toContain(name);
    }
  });
});
