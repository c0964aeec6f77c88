import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';

interface Subscription {
  /** The caller whose request opened the stream; undefined outside any request. */
  tenant: string | undefined;
  listener: (event: ServerEvent) => void;
}

/**
 * The event bus of 2026-07-28 change notifications over HTTP, by tenant: a change one caller makes
 * reaches only the subscriptions/listen streams of the same caller (the per-request key's digest,
 * else the bearer token's). The SDK's listen router subscribes each stream to the bus without
 * saying whose it is, but it does so while serving the request that opened the stream; the HTTP
 * handler runs every request `within` its caller, so a subscription takes the caller of the request
 * it was made in. One made outside any request belongs to no tenant and receives nothing.
 */
export class TenantEventBus implements ServerEventBus {
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly subscriptions = new Set<Subscription>();

  /** Runs `work` (the handling of one request) as `tenant`. */
  within<T>(tenant: string, work: () => T): T {
    return this.scope.run(tenant, work);
  }

  subscribe(listener: (event: ServerEvent) => void): () => void {
    const subscription: Subscription = { tenant: this.scope.getStore(), listener };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  /** To the streams of the tenant of the request this runs in; outside a request, to none. */
  publish(event: ServerEvent): void {
    const tenant = this.scope.getStore();
    if (tenant !== undefined) this.publishTo(tenant, event);
  }

  /** To the streams `tenant` opened, and no other. */
  publishTo(tenant: string, event: ServerEvent): void {
    for (const subscription of [...this.subscriptions]) {
      if (subscription.tenant !== tenant) continue;
      try {
        subscription.listener(event);
      } catch {
        // One stream that cannot take the event does not keep it from the others.
      }
    }
  }

  /** Open subscriptions (tests and introspection). */
  get size(): number {
    return this.subscriptions.size;
  }
}
