import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RedeemedStore } from '../client/redeemed-store.js';
import { AREAS } from './areas/index.js';
import { SandboxHttpError, unauthorized } from './errors.js';
import { listenOnLoopback } from './loopback.js';
import { StateFileRedeemedStore } from './redeemed-in-state.js';
import requestSchemas from './request-schemas.json' with { type: 'json' };
import { type RouteDef, Router } from './router.js';
import { type SandboxS3, type StartS3, startEmulatedS3 } from './s3.js';
import { seedDemoAccount, seededObjects } from './seed/seed-demo.js';
import { readSandboxState, writeSandboxState } from './state-file.js';
import { Store, startOfUtcDay } from './store.js';
import { type RequestSchema, validateRequest } from './validate.js';
import { isRecord } from './values.js';

/** One request as the simulated API received it. */
export interface LoggedRequest {
  method: string;
  /** Path below /v1. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The raw Authorization header, if any. */
  authorization: string | undefined;
  /** Why the request does not fit the API reference, when it does not (answered 400). */
  invalid?: string;
  /** Set when a fault knob answered instead of the API. */
  fault?: Fault['kind'];
  status?: number;
}

/** A fault knob: the next `times` matching requests fail this way instead of being served. */
export type Fault = { times: number; method?: string; path?: string | RegExp } & (
  | { kind: 'status'; status: number; retryAfter?: number | string }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
);

export interface SandboxOptions {
  /** When set, only this bearer is accepted; otherwise any non-empty bearer is. */
  apiKey?: string;
  /** Seed a little realistic data (the --sandbox demo). */
  seed?: boolean;
  /** Machine transition time in ms (0: next tick). */
  transitionMs?: number;
  /**
   * What seeded ages count from, in ms: seeded ids are the same on every start, and seeded times
   * are this instant minus fixed ages. Default: the start of the current UTC day.
   */
  seedClock?: number;
  port?: number;
  /**
   * Keep the state in this file: loaded from it when it exists (instead of seeding), saved to it
   * after every change, so separate processes share one simulated account.
   */
  stateFile?: string;
  /**
   * Start an S3-compatible server and point the unmanaged storage providers at it, with the seeded
   * dataset's files in it, so dataset files can be uploaded and read: `true` for the built-in
   * in-memory emulator, or a function that starts another one.
   */
  s3?: boolean | StartS3;
}

export interface Sandbox {
  /** Base URL to give the client, ending in /v1. */
  readonly baseUrl: string;
  readonly store: Store;
  readonly log: LoggedRequest[];
  readonly faults: Fault[];
  /** The object storage, when started with `s3`. */
  readonly s3: SandboxS3 | undefined;
  /**
   * With `stateFile`: the token-signing secret kept in it and the redeemed tokens kept in it, so
   * that a confirmation token minted by one process is confirmed once by another.
   */
  readonly confirmations: { secret: string; redeemed: RedeemedStore } | undefined;
  /** Resolves with the next request logged from now on that matches (tests await it, never sleep). */
  nextRequest(match: (request: LoggedRequest) => boolean): Promise<LoggedRequest>;
  close(): Promise<void>;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isMutating = (r: LoggedRequest) => MUTATING.has(r.method);

/** Starts the simulated Paperspace API on an ephemeral loopback port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new Store({ transitionMs: options.transitionMs ?? 1500 });
  const router = new Router();
  for (const area of AREAS) for (const route of area.routes) router.add(route);
  const saved = options.stateFile === undefined ? undefined : readSandboxState(options.stateFile);
  if (saved) {
    store.restore(saved.tables);
  } else if (options.seed) {
    store.seeding(options.seedClock ?? startOfUtcDay(Date.now()), () => seedDemoAccount(store));
  }
  const startS3 = options.s3 === true ? startEmulatedS3() : options.s3 || undefined;
  const s3 = startS3 ? await attachStorage(store, startS3) : undefined;
  const { stateFile } = options;
  const save = stateFile === undefined ? () => {} : () => void writeSandboxState(stateFile, store.snapshot());
  store.onChange = save;
  const confirmations =
    stateFile === undefined
      ? undefined
      : {
          secret: writeSandboxState(stateFile, store.snapshot()),
          redeemed: new StateFileRedeemedStore(stateFile),
        };

  const log: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const waiters = new Set<{ match: (r: LoggedRequest) => boolean; resolve: (r: LoggedRequest) => void }>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/v1(?=\/)/, '');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
    const raw = await readBody(req);
    let body: unknown;
    const entry: LoggedRequest = {
      method,
      path,
      query,
      body: undefined,
      authorization: req.headers.authorization,
    };
    log.push(entry);
    for (const waiter of waiters) {
      if (!waiter.match(entry)) continue;
      waiters.delete(waiter);
      waiter.resolve(entry);
    }
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        entry.body = raw;
        return reply(entry, res, 400, { code: 'BAD_REQUEST', message: 'Request body is not valid JSON' });
      }
    }
    entry.body = body;

    const fault = takeFault(faults, method, path);
    if (fault?.kind === 'delay') {
      // A slow answer: served normally after the delay.
      entry.fault = 'delay';
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
    } else if (fault) {
      entry.fault = fault.kind;
      if (fault.kind === 'hang') return; // never answered; the socket is destroyed on close()
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
      const code = fault.status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR';
      return reply(entry, res, fault.status, { code, message: `Simulated ${fault.status}` });
    }

    const found = router.match(method, path);
    if (found === undefined)
      return reply(entry, res, 404, { code: 'NOT_FOUND', message: `No route ${path}` });
    if (found === 'method') {
      return reply(entry, res, 405, { code: 'METHOD_NOT_SUPPORTED', message: `${method} is not supported` });
    }
    try {
      if (!found.route.public) checkBearer(req.headers.authorization, options.apiKey);
      try {
        validateRequest(requestSchemaOf(found.route), query, body);
      } catch (error) {
        if (error instanceof SandboxHttpError) entry.invalid = error.message;
        throw error;
      }
      const result = found.route.handler({ method, path, params: found.params, query, body }, store);
      if (MUTATING.has(method)) save();
      return reply(entry, res, 200, result ?? {});
    } catch (error) {
      if (error instanceof SandboxHttpError) {
        const payload: Record<string, unknown> = { code: error.code, message: error.message };
        if (error.details !== undefined) payload.details = error.details;
        return reply(entry, res, error.status, payload);
      }
      throw error;
    }
  }

  const listening = await listenOnLoopback(server, options.port);
  return {
    baseUrl: `http://127.0.0.1:${listening.port}/v1`,
    store,
    log,
    faults,
    s3,
    confirmations,
    nextRequest: (match) => new Promise((resolve) => waiters.add({ match, resolve })),
    async close() {
      // The next process finds machines and deployments where their transitions were heading.
      if (stateFile !== undefined) {
        store.settleAll();
        save();
      }
      await listening.close();
      await s3?.close();
    },
  };
}

/**
 * Points the unmanaged storage providers at the sandbox's S3 server, with buckets and keys it
 * accepts, and puts the seeded dataset's files there.
 */
async function attachStorage(store: Store, start: StartS3): Promise<SandboxS3> {
  const s3 = await start();
  for (const provider of store.table('storageProviders').values()) {
    const config = provider.s3Config;
    if (provider.isManaged || !isRecord(config)) continue;
    config.endpoint = s3.endpoint;
    s3.allowKeys(String(config.accessKey), String(config.secretAccessKey));
    await s3.createBucket(String(config.bucket));
  }
  for (const { bucket, key, body, modified } of seededObjects(store)) {
    await s3.putObject(bucket, key, body, modified);
  }
  return s3;
}

const REQUEST_SCHEMAS: Record<string, RequestSchema> = requestSchemas;

/** Every route of the sandbox is an operation of the reference (a test holds them to it). */
export function requestSchemaOf(route: Pick<RouteDef, 'method' | 'path'>): RequestSchema {
  const schema = REQUEST_SCHEMAS[`${route.method} ${route.path}`];
  if (!schema) throw new Error(`No API reference entry for ${route.method} ${route.path}`);
  return schema;
}

function checkBearer(header: string | undefined, expected: string | undefined): void {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match || (expected !== undefined && match[1] !== expected)) throw unauthorized();
}

function takeFault(faults: Fault[], method: string, path: string): Fault | undefined {
  const index = faults.findIndex(
    (f) =>
      f.times > 0 &&
      (f.method === undefined || f.method === method) &&
      (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
  );
  const fault = faults[index];
  if (fault === undefined) return undefined;
  fault.times -= 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return fault;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(entry: LoggedRequest, res: ServerResponse, status: number, payload: unknown): void {
  entry.status = status;
  send(res, status, payload);
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
