import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantFolder } from '../../src/files/local.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { type CuttingProxy, startCuttingProxy } from '../helpers/cutting-proxy.js';
import { bytesOf, removeDir, SANDBOX_S3_KEYS, tempDir } from '../helpers/files.js';
import { confirmTokenIn } from '../helpers/harness.js';
import { type HttpHarness, startHttpHarness } from '../helpers/http.js';
import { s3rver } from '../helpers/s3rver.js';
import { type Answer, call, confirmed, pollTask, rpc } from '../helpers/tasks-wire.js';

const MB = 1024 * 1024;
type Structured = Record<string, unknown>;
const fieldOf = (answer: Answer, key: string) =>
  String((answer.result?.structuredContent as Structured | undefined)?.[key] ?? '');
const structuredOf = (task: Record<string, unknown>) =>
  (task.result as { structuredContent?: Structured } | undefined)?.structuredContent;

/**
 * batch_run as a task: the plan is decided and confirmed in the request, before any task exists;
 * the items then run in one task whose statusMessage follows them, and whose cancel stops before
 * the next item and says which items were sent.
 */
describe('batch_run as a task', () => {
  let sandbox: Sandbox;
  let h: HttpHarness;
  let proxy: CuttingProxy;
  let work: string;
  let url: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true, transitionMs: 600_000, s3: s3rver });
    work = await tempDir('tasks-batch');
    proxy = await startCuttingProxy(String(sandbox.s3?.endpoint));
    h = await startHttpHarness(
      ['--toolsets', 'all', '--files-root', work, '--allow-private-endpoints'],
      {},
      sandbox,
    );
    url = h.http.url;
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
    await sandbox.close();
    await removeDir(work);
  });

  async function machinesIn(state: string, count: number): Promise<string[]> {
    const { result } = await call(url, 'machines_list', { limit: 120 });
    const listed = result?.structuredContent as { items?: Array<{ id: string; state: string }> } | undefined;
    const ids = (listed?.items ?? []).filter((m) => m.state === state).map((m) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(count);
    return ids.slice(0, count);
  }

  it('the plan is confirmed before any task; the task completes with the batch result', async () => {
    const ids = await machinesIn('ready', 2);
    const args = { tool: 'machines_stop', items: ids.map((id) => ({ id })) };
    const before = sandbox.log.length;
    const asked = await call(url, 'batch_run', args, { tasks: true });
    expect(asked.result).not.toHaveProperty('taskId');
    const token = confirmTokenIn({ content: asked.result?.content });
    expect(token).toEqual(expect.any(String));
    expect(sandbox.log.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);

    const created = await call(url, 'batch_run', { ...args, confirm: token }, { tasks: true });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const done = await pollTask(url, String(created.result?.taskId), (t) => t.status === 'completed');
    expect(done.statusMessage).toBe('Completed');
    expect(done.result).not.toHaveProperty('isError');
    expect(structuredOf(done)).toMatchObject({
      tool: 'machines_stop',
      total: 2,
      ok: 2,
      items: ids.map((id, i) => ({
        index: i + 1,
        status: 'ok',
        result: { data: { id, state: 'stopping' } },
      })),
    });
    sandbox.store.settleAll();

    // Without the extension: the same batch answers its result, as it always has.
    const plain = await confirmed(url, 'batch_run', {
      tool: 'machines_start',
      items: ids.map((id) => ({ id })),
    });
    expect(plain.result).not.toHaveProperty('taskId');
    expect(plain.result?.structuredContent).toMatchObject({ tool: 'machines_start', total: 2, ok: 2 });
    sandbox.store.settleAll();
  });

  it('the task follows its items, and its cancel stops before the next item and says which were sent', async () => {
    const provider = await confirmed(url, 'storage_providers_create', {
      name: 'held-batch',
      storageProviderType: 's3',
      s3Config: { ...SANDBOX_S3_KEYS, endpoint: proxy.url, region: 'us-east-1' },
    });
    const ds = await confirmed(url, 'datasets_create', {
      name: 'batch-files',
      isPublic: false,
      storageProviderId: fieldOf(provider, 'id'),
    });
    const datasetId = fieldOf(ds, 'id');
    const version = fieldOf(await call(url, 'datasets_versions_create', { datasetId }), 'version');
    const folder = join(work, tenantFolder(''));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'one.txt'), 'one');
    await writeFile(join(folder, 'big.bin'), bytesOf(20 * MB, 9));
    await writeFile(join(folder, 'three.txt'), 'three');
    const items = ['one.txt', 'big.bin', 'three.txt'].map((fromPath) => ({
      datasetId,
      version,
      fromPath,
      toPrefix: 'b/',
    }));

    // The big file's parts stall at the proxy: item 2 is sending when the task is cancelled.
    proxy.holdAfter = 5 * MB;
    const created = await confirmed(
      url,
      'batch_run',
      { tool: 'datasets_versions_files_put', items },
      { tasks: true },
    );
    expect(created.result).toMatchObject({ resultType: 'task' });
    const taskId = String(created.result?.taskId);
    // Item 1 ended, item 2's transfer reports its bytes under its label.
    const moving = await pollTask(url, taskId, (t) => String(t.statusMessage).startsWith('item 2 of 3: '));
    expect(moving.status).toBe('working');
    expect(moving.statusMessage).toMatch(/^item 2 of 3: uploading big\.bin: \d+ of 20971520 bytes$/);
    const ack = await rpc(url, 'tasks/cancel', { taskId }, { tasks: true });
    expect(ack.result).toMatchObject({ resultType: 'complete' });
    const cancelled = await pollTask(url, taskId, (t) => t.status !== 'working');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusMessage).toBe(
      'Cancelled by the client. batch_run datasets_versions_files_put: item(s) 1 were sent; item(s) 2 were being sent and may have taken effect; item(s) 3 were not sent.',
    );
    await proxy.heldClosed();
    proxy.holdAfter = undefined;
    const listed = await call(url, 'datasets_versions_files_list', { datasetId, version, prefix: 'b/' });
    const paths = (listed.result?.structuredContent as { items?: Array<{ path: string }> } | undefined)
      ?.items;
    expect(paths?.map((p) => p.path)).toEqual(['b/one.txt']);
    expect((await pollTask(url, taskId, () => true)).status).toBe('cancelled');
  });
});
