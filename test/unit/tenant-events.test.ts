import type { ServerEvent } from '@modelcontextprotocol/server';
import { expect, it } from 'vitest';
import { TenantEventBus } from '../../src/resources/tenant-events.js';

const changed: ServerEvent = { kind: 'resources_list_changed' };

it('a subscription belongs to the caller of the request it was made in, and hears only that caller', async () => {
  const bus = new TenantEventBus();
  const heard: string[] = [];
  const listen = (who: string) => () => heard.push(who);
  // The SDK subscribes after awaits inside the request's handling: the caller carries over.
  await bus.within('alice', async () => {
    await Promise.resolve();
    bus.subscribe(listen('alice'));
  });
  bus.within('bob', () => bus.subscribe(listen('bob')));
  bus.subscribe(listen('nobody'));
  bus.publishTo('alice', changed);
  bus.within('bob', () => bus.publish(changed));
  bus.publish(changed);
  expect(heard).toEqual(['alice', 'bob']);
});

it('a listener that throws does not keep the event from the others; unsubscribing ends delivery', () => {
  const bus = new TenantEventBus();
  const heard: string[] = [];
  const off = bus.within('alice', () => [
    bus.subscribe(() => {
      throw new Error('stream closed');
    }),
    bus.subscribe(() => heard.push('second')),
  ]);
  bus.publishTo('alice', changed);
  for (const unsubscribe of off) unsubscribe();
  bus.publishTo('alice', changed);
  expect(heard).toEqual(['second']);
  expect(bus.size).toBe(0);
});
