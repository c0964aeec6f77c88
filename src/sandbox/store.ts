import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SESSION } from './seed/demo-account.js';

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
/**
 * A stable pseudo-random number in [0, 1) for a key (FNV-1a): the sandbox's figures (sizes, usage,
 * metrics) come from this and the state they describe, never from the clock or a random source,
 * so the same state reads the same figures call after call.
 */
export function stableFraction(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

export class Store {
  private readonly tables = new Map<string, Map<string, Record<string, unknown>>>();
  /** The signed-in user and team (what auth_session_get describes). */
  readonly user = {
    id: SESSION.user.id,
    email: SESSION.user.email,
    firstName: SESSION.user.firstName,
    lastName: SESSION.user.lastName,
  };
  readonly team = { id: SESSION.team.id, handle: SESSION.team.namespace, name: SESSION.team.name };
  /** How long machine transitions (provisioning → ready, stopping → off …) take, in ms. */
  transitionMs: number;
  private tick = 0;
  /** While seeding: ids and times come from a counter, so every start seeds the same data. */
  private seed: { counter: number; clock: number } | undefined;

  constructor(options: { transitionMs?: number } = {}) {
    this.transitionMs = options.transitionMs ?? 1500;
  }

  /**
   * Runs the seeds deterministically: ids are derived from a counter (the same on every start),
   * and `now()` walks from SEED_SPAN_DAYS before `anchor` in steps of SEED_STEP_MS, so seeded
   * data is dated over the past weeks. Seeds that date things themselves use `daysAgo`.
   */
  seeding(anchor: number, run: () => void): void {
    this.seed = { counter: 0, clock: anchor - SEED_SPAN_DAYS * DAY_MS };
    this.seedAnchor = anchor;
    try {
      run();
      for (const fn of this.seeded.splice(0)) fn();
    } finally {
      this.seed = undefined;
    }
  }

  private readonly seeded: (() => void)[] = [];

  /** Runs `fn` once every area has seeded (to date what later seeds touched). */
  afterSeeding(fn: () => void): void {
    this.seeded.push(fn);
  }

  /** The instant seeded ages are counted from (the start of the UTC day the sandbox started, by default). */
  seedAnchor = startOfUtcDay(Date.now());

  /** ISO time `days` (fractions allowed) before the seed anchor. */
  daysAgo(days: number): string {
    return new Date(this.seedAnchor - days * DAY_MS).toISOString();
  }

  /** Every collection as [id, row] pairs (what --sandbox-state saves). */
  snapshot(): Record<string, [string, Record<string, unknown>][]> {
    return Object.fromEntries([...this.tables].map(([name, table]) => [name, [...table]]));
  }

  /** Replaces every collection with saved ones (instead of seeding). */
  restore(tables: Record<string, [string, Record<string, unknown>][]>): void {
    this.tables.clear();
    for (const [name, rows] of Object.entries(tables)) this.tables.set(name, new Map(rows));
  }

  /** Called after a transition changed the state on its own (not in answer to a request). */
  onChange: () => void = () => {};

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
    const bytes = this.seed ? this.seedBytes(`id:${prefix}`) : randomBytes(length);
    let out = prefix;
    for (let i = 0; i < length - prefix.length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
    return out;
  }

  uuid(): string {
    if (!this.seed) return randomUUID();
    const h = this.seedBytes('uuid').toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Only called while seeding. */
  private seedBytes(kind: string): Buffer {
    const counter = (this.seed?.counter ?? 0) + 1;
    if (this.seed) this.seed.counter = counter;
    return createHash('sha256').update(`paperspace-sandbox:${kind}:${counter}`).digest();
  }

  /**
   * ISO timestamp, strictly increasing within one sandbox so that dtCreated/dtModified order and
   * change-detection are deterministic even for calls in the same millisecond.
   */
  now(): string {
    if (this.seed) {
      this.seed.clock += SEED_STEP_MS;
      return new Date(this.seed.clock).toISOString();
    }
    const t = Math.max(Date.now(), this.tick + 1);
    this.tick = t;
    return new Date(t).toISOString();
  }

  /** Runs `fn` after the transition delay (immediately when transitionMs is 0); timers never keep the process alive. */
  later(fn: () => void): void {
    if (this.transitionMs <= 0) {
      queueMicrotask(() => {
        fn();
        this.onChange();
      });
      return;
    }
    const run = () => {
      if (!this.pending.delete(run)) return;
      fn();
      this.onChange();
    };
    this.pending.add(run);
    setTimeout(run, this.transitionMs).unref();
  }

  /** Finishes every transition now (tests hold a state with a long transitionMs, then settle it). */
  settle(): void {
    for (const run of [...this.pending]) run();
  }

  /** Finishes transitions until none is left, including those that finishing one starts (bounded). */
  settleAll(): void {
    for (let round = 0; round < 20 && this.pending.size > 0; round++) this.settle();
  }

  private readonly pending = new Set<() => void>();
}

const DAY_MS = 86_400_000;
const SEED_SPAN_DAYS = 42;
const SEED_STEP_MS = 7 * 3_600_000;
export const startOfUtcDay = (ms: number) => ms - (ms % DAY_MS);
