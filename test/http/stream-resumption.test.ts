import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionEventStore } from '../../src/transports/http/session-events.js';
import { type HttpHarness, startHttpHarness } from '../helpers/http.js';

/**
 * 2025-era streams can be resumed (SEP-1699): each opens with a priming event that carries an event
 * id and a retry hint, and a client that lost a stream reconnects with Last-Event-ID and gets the
 * events it missed. What a session keeps for that is bounded.
 */

const JSON_RPC = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

interface SseEvent {
  id?: string;
  retry?: string;
  data: string;
}

function events(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event: SseEvent = { data: '' };
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        if (field === 'id') event.id = value;
        else if (field === 'retry') event.retry = value;
        else if (field === 'data') event.data += value;
      }
      return event;
    });
}

describe('a 2025-era session stream', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--toolsets', 'all']);
  });
  afterAll(() => h.close());

  it('opens with a priming event (id, retry), and what was missed is replayed after Last-Event-ID', async () => {
    const url = h.http.url;
    const init = await fetch(url, {
      method: 'POST',
      headers: JSON_RPC,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });
    await init.text();
    const session = {
      'mcp-session-id': init.headers.get('mcp-session-id') ?? '',
      'mcp-protocol-version': '2025-11-25',
    };
    const call = await fetch(url, {
      method: 'POST',
      headers: { ...JSON_RPC, ...session },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'auth_session_get', arguments: {} },
      }),
    });
    const [priming, answer] = events(await call.text());
    expect(priming).toMatchObject({ data: '', retry: expect.stringMatching(/^\d+$/) });
    expect(priming?.id).toBeTruthy();
    expect(JSON.parse(answer?.data ?? '{}')).toMatchObject({ id: 1, result: expect.any(Object) });

    // A client that lost the stream right after the priming event gets the answer again.
    const resumed = await fetch(url, {
      headers: { accept: 'text/event-stream', ...session, 'last-event-id': priming?.id ?? '' },
    });
    expect(resumed.status).toBe(200);
    const replayed = events(await resumed.text()).filter((e) => e.data !== '');
    expect(replayed.map((e) => JSON.parse(e.data).id)).toEqual([1]);
    expect(replayed[0]?.id).toBe(answer?.id);
  });
});

describe('what a session keeps for resumption', () => {
  it('is bounded: the oldest events go first, and one too large is not kept', async () => {
    const store = new SessionEventStore(1000);
    const message = (n: number) => ({
      jsonrpc: '2.0' as const,
      method: 'notifications/message',
      params: { n },
    });
    const ids: string[] = [];
    for (let n = 0; n < 100; n++) ids.push(await store.storeEvent('s', message(n)));
    expect(await store.getStreamIdForEventId(ids[0] as string)).toBeUndefined();
    expect(await store.getStreamIdForEventId(ids[99] as string)).toBe('s');
    const sent: unknown[] = [];
    await store.replayEventsAfter(ids[95] as string, { send: async (_id, m) => void sent.push(m) });
    expect(sent).toEqual([message(96), message(97), message(98), message(99)]);
    const huge = await store.storeEvent('s', { ...message(0), params: { n: 'x'.repeat(2000) } });
    expect(await store.getStreamIdForEventId(huge)).toBeUndefined();
    await expect(store.replayEventsAfter(ids[0] as string, { send: async () => {} })).rejects.toThrow();
  });
});
