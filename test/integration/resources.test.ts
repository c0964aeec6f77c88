import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Era, type Harness, startHarness } from '../helpers/harness.js';

type Entity = Record<string, unknown>;
const DATASETS = 300;

async function readJson(h: Harness, uri: string): Promise<Entity> {
  const result = await h.client.readResource({ uri });
  const first = result.contents[0] as { uri: string; mimeType?: string; text?: string };
  expect(first.uri).toBe(uri);
  expect(first.mimeType).toBe('application/json');
  return JSON.parse(first.text ?? 'null') as Entity;
}

describe.each(['legacy', 'modern'] as Era[])('dataset resources (%s era)', (era) => {
  let h: Harness;
  const ids: string[] = [];
  let versioned: string;
  const versions: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ era, args: ['--toolsets', 'all', '--confirm', 'off'] });
    for (let i = 0; i < DATASETS; i++) {
      const name = i === 7 ? 'imagenet-subset' : `dataset-${String(i).padStart(3, '0')}`;
      const created = (await h.api.request({
        method: 'POST',
        path: '/datasets',
        body: { name, description: `Seeded dataset ${i}`, isPublic: false },
      })) as Entity;
      ids.push(String(created.id));
    }
    versioned = ids[7] as string;
    for (const message of ['raw import', 'cleaned', 'deduplicated']) {
      const v = (await h.api.request({
        method: 'POST',
        path: `/datasets/${versioned}/versions`,
        body: { message, tags: 'train,v1' },
      })) as Entity;
      versions.push(String(v.version));
    }
  }, 60_000);
  afterAll(() => h.close());

  it('advertises both templates with titles, descriptions and JSON', async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    const byUri = Object.fromEntries(resourceTemplates.map((t) => [t.uriTemplate, t]));
    expect(byUri['paperspace://datasets/{datasetId}']).toMatchObject({
      title: 'Paperspace dataset',
      mimeType: 'application/json',
    });
    expect(byUri['paperspace://datasets/{datasetId}/versions/{version}']).toMatchObject({
      title: 'Paperspace dataset version',
      mimeType: 'application/json',
    });
  });

  it(`lists all ${DATASETS} datasets exactly once, one API page per MCP page`, async () => {
    h.clearLog();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      // One raw resources/list per page: the client's listResources() would walk all pages itself.
      const page = (await h.client.request({
        method: 'resources/list',
        params: cursor ? { cursor } : {},
      })) as { resources: Array<{ uri: string; mimeType?: string }>; nextCursor?: string };
      pages++;
      seen.push(...page.resources.map((r) => r.uri));
      for (const r of page.resources) expect(r.mimeType).toBe('application/json');
      cursor = page.nextCursor;
      expect(h.requests()).toHaveLength(pages);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(DATASETS);
    expect(new Set(seen)).toEqual(new Set(ids.map((id) => `paperspace://datasets/${id}`)));
    const sent = h.requests();
    expect(sent.every((r) => r.method === 'GET' && r.path === '/datasets' && r.query.limit === '100')).toBe(
      true,
    );
    h.clearLog();
    const { resources } = await h.client.listResources();
    expect(resources).toHaveLength(DATASETS);
    expect(h.requests()).toHaveLength(3);
  });

  it('reads a dataset as the API reports it, with its versions newest first and their URIs', async () => {
    const api = (await h.api.request({ method: 'GET', path: `/datasets/${versioned}` })) as Entity;
    const body = await readJson(h, `paperspace://datasets/${versioned}`);
    expect(body).toMatchObject(api);
    const listed = body.versions as Entity[];
    expect(listed.map((v) => v.version)).toEqual([...versions].reverse());
    expect(listed[0]).toMatchObject({
      uri: `paperspace://datasets/${versioned}/versions/${versions[2]}`,
      isCommitted: false,
      message: 'deduplicated',
      tags: ['train', 'v1'],
    });
    expect(body.moreVersions).toBe(false);
  });

  it('reads a version with all its fields, also by the legacy datasetId:version id', async () => {
    const version = versions[0] as string;
    const api = (await h.api.request({
      method: 'GET',
      path: `/datasets/${versioned}/versions/${version}`,
    })) as Entity;
    // Plus the first page of its files (or why they cannot be listed).
    const withFiles = { ...api, files: expect.any(Object) };
    expect(await readJson(h, `paperspace://datasets/${versioned}/versions/${version}`)).toEqual(withFiles);
    expect(await readJson(h, `paperspace://datasets/${versioned}:${version}`)).toEqual(withFiles);
  });

  it('answers resource-not-found for unknown datasets and versions', async () => {
    await expect(h.client.readResource({ uri: 'paperspace://datasets/dsmissing0' })).rejects.toThrow(
      /not found/i,
    );
    await expect(
      h.client.readResource({ uri: `paperspace://datasets/${versioned}/versions/vmissing` }),
    ).rejects.toThrow(/not found/i);
  });

  it('completes dataset ids by id or name prefix, and versions of the chosen dataset', async () => {
    const byName = await h.client.complete({
      ref: { type: 'ref/resource', uri: 'paperspace://datasets/{datasetId}' },
      argument: { name: 'datasetId', value: 'imagenet' },
    });
    expect(byName.completion.values).toEqual([versioned]);
    const idPrefix = versioned.slice(0, 6);
    const byId = await h.client.complete({
      ref: { type: 'ref/resource', uri: 'paperspace://datasets/{datasetId}' },
      argument: { name: 'datasetId', value: idPrefix },
    });
    expect(byId.completion.values).toContain(versioned);
    for (const v of byId.completion.values) expect(v.startsWith(idPrefix)).toBe(true);
    const version = await h.client.complete({
      ref: { type: 'ref/resource', uri: 'paperspace://datasets/{datasetId}/versions/{version}' },
      argument: { name: 'version', value: '' },
      context: { arguments: { datasetId: versioned } },
    });
    expect([...version.completion.values].sort()).toEqual([...versions].sort());
  });

  it('version tools accept the legacy datasetId:version form', async () => {
    const version = versions[1] as string;
    h.clearLog();
    const result = await h.call('datasets_versions_get', { datasetId: `${versioned}:${version}` });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      expect.objectContaining({ method: 'GET', path: `/datasets/${versioned}/versions/${version}` }),
    ]);
    expect(result.structuredContent).toMatchObject({ datasetId: versioned, version });
    const missing = await h.call('datasets_versions_get', { datasetId: versioned });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toMatch(/version is required/);
  });

  it('dataset tool results link to the resources they name, and the links resolve', async () => {
    const created = await h.call('datasets_create', { name: 'linked', isPublic: false });
    const link = created.content.find((c) => c.type === 'resource_link') as unknown as {
      uri: string;
      name: string;
    };
    const id = String(created.structuredContent?.id);
    expect(link).toMatchObject({ uri: `paperspace://datasets/${id}`, name: id });
    expect(await readJson(h, link.uri)).toMatchObject({ id, name: 'linked' });
    const version = await h.call('datasets_versions_create', { datasetId: id, message: 'first' });
    const vlink = version.content.find((c) => c.type === 'resource_link') as unknown as { uri: string };
    expect(vlink.uri).toBe(
      `paperspace://datasets/${id}/versions/${String(version.structuredContent?.version)}`,
    );
    expect(await readJson(h, vlink.uri)).toMatchObject({ datasetId: id, message: 'first' });
  });

  it('sends resources/list_changed after a dataset is created, updated or deleted', async () => {
    let changes = 0;
    h.client.setNotificationHandler('notifications/resources/list_changed', () => {
      changes++;
    });
    // 2026-07-28 clients receive change notifications on a subscriptions/listen stream.
    const listening = era === 'modern' ? await h.client.listen({ resourcesListChanged: true }) : undefined;
    const created = await h.call('datasets_create', { name: 'announced', isPublic: false });
    const id = String(created.structuredContent?.id);
    await waitFor(() => changes >= 1);
    await h.call('datasets_update', { id, description: 'now described' });
    await waitFor(() => changes >= 2);
    await h.call('datasets_delete', { id });
    await waitFor(() => changes >= 3);
    await h.call('datasets_list', {});
    // A positive signal instead of a pause: notifications arrive in order, so when the next
    // change's notification is here, a read would have announced itself before it.
    const next = await h.call('datasets_create', { name: 'signal', isPublic: false });
    await waitFor(() => changes >= 4);
    expect(changes).toBe(4);
    await h.call('datasets_delete', { id: String(next.structuredContent?.id) });
    await listening?.close();
  });

  it('sends resources/updated for a changed dataset to its subscribers only', async () => {
    const updated: string[] = [];
    h.client.setNotificationHandler('notifications/resources/updated', (n) => {
      updated.push(String((n.params as { uri: string }).uri));
    });
    const [watched, other] = [ids[3] as string, ids[4] as string];
    const uri = `paperspace://datasets/${watched}`;
    const listening =
      era === 'modern'
        ? await h.client.listen({ resourceSubscriptions: [uri] })
        : await h.client.subscribeResource({ uri });
    await h.call('datasets_update', { id: other, description: 'not watched' });
    await h.call('datasets_update', { id: watched, description: 'watched' });
    // The unwatched update came first: had it been announced, it would be here before this one.
    await waitFor(() => updated.length > 0);
    expect(updated).toEqual([uri]);
    if (era === 'modern') await (listening as { close(): Promise<void> }).close();
    else await h.client.unsubscribeResource({ uri });
    await h.call('datasets_update', { id: watched, description: 'unwatched' });
    // Then a subscription that must announce: its notification proves the one before was not sent.
    const otherUri = `paperspace://datasets/${other}`;
    const signal =
      era === 'modern'
        ? await h.client.listen({ resourceSubscriptions: [otherUri] })
        : await h.client.subscribeResource({ uri: otherUri });
    await h.call('datasets_update', { id: other, description: 'signal' });
    await waitFor(() => updated.length > 1);
    expect(updated).toEqual([uri, otherUri]);
    if (era === 'modern') await (signal as { close(): Promise<void> }).close();
    else await h.client.unsubscribeResource({ uri: otherUri });
  });
});

async function waitFor(condition: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for a notification');
    await new Promise((r) => setTimeout(r, 5));
  }
}
