import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The sandbox's state: one Map per collection, keyed by id, holding objects shaped exactly as the
 * API returns them. Collections are created on first use, so each area module owns its own without
 * a shared schema; areas that touch another's collection use the names below.
 *
 * Collection names: machines, machineEvents, machineAccessors, customTemplates, snapshots,
 * startupScripts, publicIps, privateNetworks, sharedDrives, containerRegistries, projects,
 * projectCollaborators, projectSecrets, projectTags, projectModels, projectActivity, deployments,
 * deploymentRuns, deploymentLogs, deploymentHistory, datasets, datasetVersions, models,
 * storageProviders, teams, teamMembers, teamSecrets, users.
 */
export class Store {
  private readonly tables = new Map<string, Map<string, Record<string, unknown>>>();
  /** The signed-in user and team (what auth_session_get describes). */
  readonly user = { id: 'u3xk9mbq2', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
  readonly team = { id: 'te7hq4kzp', handle: 'analytical-engines', name: 'Analytical Engines' };
  /** How long machine transitions (provisioning → ready, stopping → off …) take, in ms. */
  transitionMs: number;
  private tick = 0;

  constructor(options: { transitionMs?: number } = {}) {
    this.transitionMs = options.transitionMs ?? 1500;
  }

  table<T extends Record<string, unknown> = Record<string, unknown>>(name: string): Map<string, T> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Map();
      this.tables.set(name, table);
    }
    return table as Map<string, T>;
  }

  /** A realistic opaque id: a prefix (ps, ds, pr …) and lowercase alphanumerics. */
  id(prefix: string, length = 9): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const bytes = randomBytes(length);
    let out = prefix;
    for (let i = 0; i < length - prefix.length; i++) out += alphabet[(bytes[i] as number) % alphabet.length];
    return out;
  }

  uuid(): string {
    return randomUUID();
  }

  /**
   * ISO timestamp, strictly increasing within one sandbox so that dtCreated/dtModified order and
   * change-detection are deterministic even for calls in the same millisecond.
   */
  now(): string {
    const t = Math.max(Date.now(), this.tick + 1);
    this.tick = t;
    return new Date(t).toISOString();
  }

  /** Runs `fn` after the transition delay (immediately when transitionMs is 0); timers never keep the process alive. */
  later(fn: () => void): void {
    if (this.transitionMs <= 0) {
      queueMicrotask(fn);
      return;
    }
    const run = () => {
      if (this.pending.delete(run)) fn();
    };
    this.pending.add(run);
    setTimeout(run, this.transitionMs).unref();
  }

  /** Finishes every transition now (tests hold a state with a long transitionMs, then settle it). */
  settle(): void {
    for (const run of [...this.pending]) run();
  }

  private readonly pending = new Set<() => void>();
}
