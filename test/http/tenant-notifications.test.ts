import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';

const KEY_A = 'tenant_alice_4c1d9e7b2a';
const KEY_B = 'tenant_bob_7e2a5f0c9d';

/** What one client heard, and a way to wait for the n-th notice of a kind (a positive signal). */
function heard(client: Client) {
  const notes = { listChanged: 0, updated: [] as string[] };
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  client.setNotificationHandler('notifications/resources/list_changed', () => {
    notes.listChanged++;
    wake();
  });
  client.setNotificationHandler('notifications/resources/updated', (n) => {
    notes.updated.push(String((n.params as { uri: string }).uri));
    wake();
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { notes, until };
}

/**
 * Over HTTP, change notifications caused by one caller's tool call reach only that caller's
 * streams and sessions: two tenants (two per-request keys) each listening, and each one's
 * dataset change reaches itself and never the other.
 */
describe('change notifications reach only the tenant whose data changed', () => {
  let h: HttpHarness;
  const clients: Client[] = [];
  const connect = async (era: 'legacy' | 'modern', key: string) => {
    const client = await httpClient(h.http.url, { era, headers: { 'x-paperspace-api-key': key } });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    h = await startHttpHarness(['--toolsets', 'all', '--per-request-key'], {
      PAPERSPACE_API_KEY: 'server_key_never_used',
    });
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await h.close();
  });

  it.each(['modern', 'legacy'] as const)(
    '%s era: list_changed and resources/updated reach the caller that made the change only',
    async (era) => {
      const aliceActor = await connect(era, KEY_A);
      const bobActor = await connect(era, KEY_B);
      const create = async (actor: Client, name: string) => {
        const created = await actor.callTool({
          name: 'datasets_create',
          arguments: { name, isPublic: false },
        });
        return (created.structuredContent as { id: string }).id;
      };
      // 2026-07-28 clients listen on a stream of their own; 2025-era ones on their session, which
      // is also the one that calls (its notices come on that session only).
      const aliceWatcher = era === 'modern' ? await connect(era, KEY_A) : aliceActor;
      const bobWatcher = era === 'modern' ? await connect(era, KEY_B) : bobActor;
      const alice = heard(aliceWatcher);
      const bob = heard(bobWatcher);
      const aliceSet = await create(aliceActor, `alice-${era}`);
      const bobSet = await create(bobActor, `bob-${era}`);
      const aliceUri = `paperspace://datasets/${aliceSet}`;
      const bobUri = `paperspace://datasets/${bobSet}`;
      if (era === 'legacy') {
        // Each session heard of its own create: counted from here on.
        await alice.until(() => alice.notes.listChanged >= 1);
        await bob.until(() => bob.notes.listChanged >= 1);
        for (const { notes } of [alice, bob]) notes.listChanged = 0;
      }
      // Both watch both datasets: only whose change it was decides who hears of it.
      const streams = [];
      for (const watcher of [aliceWatcher, bobWatcher]) {
        if (era === 'modern') {
          streams.push(
            await watcher.listen({ resourcesListChanged: true, resourceSubscriptions: [aliceUri, bobUri] }),
          );
        } else {
          for (const uri of [aliceUri, bobUri]) await watcher.subscribeResource({ uri });
        }
      }
      const update = (actor: Client, id: string) =>
        actor.callTool({ name: 'datasets_update', arguments: { id, description: 'changed' } });

      await update(aliceActor, aliceSet);
      await alice.until(() => alice.notes.updated.includes(aliceUri));
      // Bob's own change is the signal: had Alice's reached him, it would be there before it.
      await update(bobActor, bobSet);
      await bob.until(() => bob.notes.updated.includes(bobUri));
      expect(bob.notes).toEqual({ listChanged: 1, updated: [bobUri] });
      // Alice's second change, likewise: Bob's would have reached her before it.
      await update(aliceActor, aliceSet);
      await alice.until(() => alice.notes.updated.length >= 2);
      expect(alice.notes).toEqual({ listChanged: 2, updated: [aliceUri, aliceUri] });
      for (const stream of streams) await stream.close();
    },
  );
});
