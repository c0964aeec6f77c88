import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantFolder } from '../../src/files/local.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { type CuttingProxy, startCuttingProxy } from '../helpers/cutting-proxy.js';
import { bytesOf, removeDir, SANDBOX_S3_KEYS, tempDir } from '../helpers/files.js';
import { MACHINE } from '../helpers/gated-fixtures.js';
import { type HttpHarness, startHttpHarness } from '../helpers/http.js';
import { s3rver } from '../helpers/s3rver.js';
import { type Answer, call, confirmed, pollTask, rpc } from '../helpers/tasks-wire.js';

const MB = 1024 * 1024;
type Structured = Record<string, unknown>;
const structuredOf = (task: Record<string, unknown>) =>
  (task.result as { structuredContent?: Structured } | undefined)?.structuredContent;
/** A field of a call's structured result, as a string. */
const fieldOf = (answer: Answer, key: string) =>
  String((answer.result?.structuredContent as Structured | undefined)?.[key] ?? '');
const taskIdOf = (answer: Answer) => {
  expect(answer.error).toBeUndefined();
  expect(answer.result).toMatchObject({ resultType: 'task', status: 'working' });
  return String(answer.result?.taskId);
};

/**
 * The tools of the issue that run as tasks, beyond machines_start: each as a task to its end, and
 * each for a client without the extension, which gets the result it always got.
 */
describe('machines_create, snapshots_restore and file transfers as tasks', () => {
  let sandbox: Sandbox;
  let h: HttpHarness;
  let proxy: CuttingProxy;
  let work: string;
  let url: string;
  beforeAll(async () => {
    // Transitions wait for the test (sandbox.store.settleAll()), so a task is seen working first.
    sandbox = await startSandbox({ seed: true, transitionMs: 600_000, s3: s3rver });
    work = await tempDir('tasks-tools');
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

  it('machines_create as a task settles to ready, or to off without startOnCreate, with the final machine', async () => {
    const plain = await confirmed(url, 'machines_create', { ...MACHINE, name: 'plain-create' });
    expect(plain.result).not.toHaveProperty('taskId');
    expect(plain.result?.structuredContent).toMatchObject({
      event: { state: 'new' },
      data: { name: 'plain-create', state: 'provisioning' },
    });
    for (const [startOnCreate, state] of [
      [undefined, 'ready'],
      [false, 'off'],
    ] as const) {
      const name = `task-create-${state}`;
      const args = { ...MACHINE, name, ...(startOnCreate === undefined ? {} : { startOnCreate }) };
      const taskId = taskIdOf(await confirmed(url, 'machines_create', args, { tasks: true }));
      const working = await pollTask(url, taskId, (t) => String(t.statusMessage).includes('provisioning'));
      expect(working.status).toBe('working');
      sandbox.store.settleAll();
      const done = await pollTask(url, taskId, (t) => t.status === 'completed');
      const result = structuredOf(done);
      expect(result?.data).toMatchObject({ name, state });
      expect(result).not.toHaveProperty('event');
    }
  });

  it('snapshots_restore as a task completes when its restore event is done', async () => {
    const snapshots = await call(url, 'snapshots_list', { limit: 50 });
    const items = (snapshots.result?.structuredContent as { items?: Array<{ id: string }> } | undefined)
      ?.items;
    const id = String(items?.[0]?.id);
    const plain = await confirmed(url, 'snapshots_restore', { id });
    expect(plain.result).not.toHaveProperty('taskId');
    expect(plain.result?.structuredContent).toMatchObject({ event: { state: 'new' }, data: { id } });
    sandbox.store.settleAll();

    const taskId = taskIdOf(await confirmed(url, 'snapshots_restore', { id }, { tasks: true }));
    const working = await pollTask(url, taskId, (t) => /event .* is new/.test(String(t.statusMessage)));
    expect(working.status).toBe('working');
    sandbox.store.settleAll();
    const done = await pollTask(url, taskId, (t) => t.status === 'completed');
    expect(done.result).not.toHaveProperty('isError');
    expect(structuredOf(done)).toMatchObject({
      event: { name: 'snapshot-restore', state: 'done' },
      data: { id },
    });
  });

  it('machines_restart as a task completes when its restart event is done, with the machine ready', async () => {
    const machines = await call(url, 'machines_list', { limit: 120 });
    const listed = machines.result?.structuredContent as
      | { items?: Array<{ id: string; state: string }> }
      | undefined;
    const id = String(listed?.items?.find((m) => m.state === 'ready')?.id);
    // The machine is ready before the restart as after it: the task waits for the event, not the state.
    const taskId = taskIdOf(await confirmed(url, 'machines_restart', { id }, { tasks: true }));
    const working = await pollTask(url, taskId, (t) => /event .* is new/.test(String(t.statusMessage)));
    expect(working.status).toBe('working');
    sandbox.store.settleAll();
    const done = await pollTask(url, taskId, (t) => t.status === 'completed');
    expect(structuredOf(done)).toMatchObject({
      event: { name: 'restart', state: 'done' },
      data: { id, state: 'ready' },
    });
  });

  it('an upload as a task shows its progress, and its cancel stops the transfer', async () => {
    // A provider reached through the proxy, which stalls uploads while holdAfter is set.
    const provider = await confirmed(url, 'storage_providers_create', {
      name: 'held',
      storageProviderType: 's3',
      s3Config: { ...SANDBOX_S3_KEYS, endpoint: proxy.url, region: 'us-east-1' },
    });
    const storageProviderId = fieldOf(provider, 'id');
    const ds = await confirmed(url, 'datasets_create', {
      name: 'task-files',
      isPublic: false,
      storageProviderId,
    });
    const datasetId = fieldOf(ds, 'id');
    const v = await call(url, 'datasets_versions_create', { datasetId });
    const version = fieldOf(v, 'version');
    // The open loopback server's one caller has the files root's folder of caller ''.
    const folder = join(work, tenantFolder(''));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'big.bin'), bytesOf(20 * MB, 7));
    const put = { datasetId, version, fromPath: 'big.bin' };

    // Parts of 8 MiB go in parallel: the last one (4 MiB) passes, the others stall.
    proxy.holdAfter = 5 * MB;
    const taskId = taskIdOf(
      await confirmed(url, 'datasets_versions_files_put', { ...put, toPrefix: 'held/' }, { tasks: true }),
    );
    const moving = await pollTask(url, taskId, (t) => String(t.statusMessage).includes('uploading big.bin'));
    expect(moving.status).toBe('working');
    expect(moving.statusMessage).toMatch(/^uploading big\.bin: \d+ of 20971520 bytes$/);
    const ack = await rpc(url, 'tasks/cancel', { taskId }, { tasks: true });
    expect(ack.result).toMatchObject({ resultType: 'complete' });
    expect(ack.result).not.toHaveProperty('status');
    const cancelled = await pollTask(url, taskId, (t) => t.status !== 'working');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusMessage).toMatch(/Files may be partly uploaded: .*datasets_versions_files_list/);
    // The upload's connection is closed by the server: the transfer stopped with the task.
    await proxy.heldClosed();
    proxy.holdAfter = undefined;
    const listed = await call(url, 'datasets_versions_files_list', { datasetId, version, prefix: 'held/' });
    expect(listed.result?.structuredContent).toMatchObject({ items: [] });

    const plain = await confirmed(url, 'datasets_versions_files_put', { ...put, toPrefix: 'plain/' });
    expect(plain.result).not.toHaveProperty('taskId');
    expect(plain.result?.structuredContent).toMatchObject({
      uploaded: [{ path: 'plain/big.bin', size: 20 * MB }],
    });

    const again = taskIdOf(
      await confirmed(url, 'datasets_versions_files_put', { ...put, toPrefix: 'task/' }, { tasks: true }),
    );
    const done = await pollTask(url, again, (t) => t.status === 'completed');
    expect(structuredOf(done)).toMatchObject({ uploaded: [{ path: 'task/big.bin', size: 20 * MB }] });

    const get = taskIdOf(
      await confirmed(
        url,
        'datasets_versions_files_get',
        { datasetId, version, path: 'task/big.bin', toPath: 'copy.bin' },
        { tasks: true },
      ),
    );
    const fetched = await pollTask(url, get, (t) => t.status === 'completed');
    expect(structuredOf(fetched)).toMatchObject({ savedTo: 'copy.bin', bytes: 20 * MB });
  });
});
