import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runToExit } from '../helpers/process.js';
import { spawnServer } from '../helpers/spawn.js';
import { MACHINE_ARGS } from '../integration/machines-helpers.js';

/** One server process, one call: what the MCP Inspector CLI and scripts do. */
async function callOnce(args: string[], tool: string, toolArgs: Record<string, unknown> = {}) {
  const s = await spawnServer(['--sandbox', '--toolsets', 'all', '--confirm', 'off', ...args], {});
  try {
    const result = (await s.client.callTool({ name: tool, arguments: toolArgs })) as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
      content: { text?: string }[];
    };
    expect(result.isError ?? false, result.content[0]?.text).toBe(false);
    return result.structuredContent as Record<string, unknown>;
  } finally {
    await s.close();
  }
}

type Row = Record<string, unknown>;
const datasets = (page: Record<string, unknown>) =>
  (page.items as Row[]).map((d) => ({ id: d.id, name: d.name, dtCreated: d.dtCreated }));

describe('--sandbox-state: separate processes share one simulated account', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperspace-sandbox-state-'));
    file = join(dir, 'state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a dataset created by one process is listed by the next', async () => {
    const state = ['--sandbox-state', file];
    const created = await callOnce(state, 'datasets_create', { name: 'chained-across-processes' });
    const listed = datasets(await callOnce(state, 'datasets_list', { limit: 120 }));
    expect(listed).toContainEqual({
      id: created.id,
      name: 'chained-across-processes',
      dtCreated: created.dtCreated,
    });
    // A third process, through the environment variable instead of the flag.
    const s = await spawnServer(['--sandbox'], { PAPERSPACE_MCP_SANDBOX_STATE: file });
    try {
      const again = await s.client.callTool({ name: 'datasets_get', arguments: { id: created.id } });
      expect(again.isError ?? false).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('a machine started in one process is found where its transition was heading in the next', async () => {
    const state = ['--sandbox-state', file];
    const created = await callOnce(state, 'machines_create', { name: 'chained', ...MACHINE_ARGS });
    const id = (created.data as Row).id;
    expect((created.data as Row).state).toBe('provisioning');
    expect((await callOnce(state, 'machines_get', { id })).state).toBe('ready');
  });

  it('every save replaces the file whole: it parses after each change, and no temporary file is left', async () => {
    await callOnce(['--sandbox-state', file], 'datasets_create', { name: 'one' });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { tables: Record<string, [string, Row][]> };
    expect(saved.tables.datasets?.map(([, d]) => d.name)).toContain('one');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('a confirmation token minted by one process is confirmed by the next and refused on replay by a third', async () => {
    const state = ['--sandbox-state', file];
    type Called = { isError?: boolean; content: { text?: string }[]; structuredContent?: Row };
    const once = async (args: Row) => {
      const s = await spawnServer(['--sandbox', ...state], {});
      try {
        return (await s.client.callTool({ name: 'machines_stop', arguments: args })) as Called;
      } finally {
        await s.close();
      }
    };
    const machine = (await callOnce(state, 'machines_list', { limit: 120 })).items as Row[];
    const id = machine.find((m) => m.state === 'ready')?.id;
    const preview = await once({ id });
    expect(preview.isError).toBe(true);
    const token = /"confirm": "(v1\.[^"]+)"/.exec(preview.content[0]?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const confirmed = await once({ id, confirm: token });
    expect(confirmed.isError ?? false, confirmed.content[0]?.text).toBe(false);
    expect((confirmed.structuredContent?.data as Row | undefined)?.state).toBe('stopping');
    const replayed = await once({ id, confirm: token });
    expect(replayed.isError).toBe(true);
    expect(replayed.content[0]?.text).toMatch(/already been used/);
  });

  it('the file is readable by its owner only, and the secret it keeps never shows in output', async () => {
    await callOnce(['--sandbox-state', file], 'datasets_list');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { secret } = JSON.parse(readFileSync(file, 'utf8')) as { secret: string };
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const s = await spawnServer(
      ['--sandbox', '--sandbox-state', file, '--toolsets', 'all', '--confirm', 'off'],
      {},
    );
    try {
      const created = await s.client.callTool({
        name: 'datasets_create',
        arguments: { name: `echo ${secret}`, description: secret },
      });
      const shown = JSON.stringify(created) + s.stderr();
      expect(shown).not.toContain(secret);
      expect(shown).toContain('[redacted]');
    } finally {
      await s.close();
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('without a state file, every start serves the same seeded ids and times', async () => {
    const [a, b] = [await callOnce([], 'datasets_list'), await callOnce([], 'datasets_list')];
    expect(datasets(a).length).toBeGreaterThan(0);
    expect(datasets(a)).toEqual(datasets(b));
  });

  it.each([
    ['not JSON', '{"format": "paperspace-mcp-sandbox-state", "tab', /it is not JSON/],
    ['another JSON file', '{"machines": []}', /it is not a sandbox state file/],
  ])(
    'a file that is %s stops the server before anything starts, naming the file',
    async (_what, text, why) => {
      writeFileSync(file, text);
      for (const transport of [[], ['--http', '--port', '0']]) {
        const { code, stderr } = await runToExit(['--sandbox', '--sandbox-state', file, ...transport]);
        expect(code).toBe(2);
        const lines = stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`--sandbox-state: cannot use ${file}`);
        expect(lines[0]).toMatch(why);
      }
      // The file is left as it was.
      expect(readFileSync(file, 'utf8')).toBe(text);
    },
  );

  it('an unreadable path names the file; without --sandbox the flag is refused', async () => {
    const { code, stderr } = await runToExit(['--sandbox', '--sandbox-state', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--sandbox-state: cannot use ${dir}`);
    const alone = await runToExit(['--sandbox-state', file]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--sandbox-state only applies with --sandbox/);
  });
});
