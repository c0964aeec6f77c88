import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Driver, Opener, Transport } from './driver.js';
import { FEATURES, type Feature, RUN } from './features.js';

export interface ClientEntry {
  /** The client's name as the test names show it. */
  name: string;
  transports: Record<Transport, Opener>;
  /** Features the client cannot do at all, with the reason. */
  lacks: Partial<Record<Feature, string>>;
  /** Per transport, features it cannot do there, with the reason. */
  lacksOn?: Partial<Record<Transport, Partial<Record<Feature, string>>>>;
}

/**
 * `describe(client) > describe(transport) > it(feature)`: one named test per cell. A transport the
 * client cannot speak, or a feature it lacks, is a skipped test whose name carries the reason.
 * The features of one transport share one connection (and its server).
 */
export function interopSuite(entry: ClientEntry): void {
  describe(entry.name, () => {
    for (const [transport, open] of Object.entries(entry.transports) as Array<[Transport, Opener]>) {
      describe(transport, () => {
        if ('skip' in open) {
          for (const feature of FEATURES) it.skip(`${feature} [skipped: ${open.skip}]`, () => {});
          return;
        }
        let driver: Driver;
        beforeAll(async () => {
          driver = await open();
        });
        afterAll(async () => {
          await driver?.close();
        });
        for (const feature of FEATURES) {
          const reason = entry.lacksOn?.[transport]?.[feature] ?? entry.lacks[feature];
          if (reason) it.skip(`${feature} [skipped: ${reason}]`, () => {});
          else it(feature, () => RUN[feature](driver));
        }
      });
    }
  });
}
