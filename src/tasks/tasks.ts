import { randomBytes } from 'node:crypto';
import {
  type CallToolResult,
  type InputRequest,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import { runnerLost, type TaskRecord, TERMINAL } from './record.js';
import type { TaskStore } from './store.js';
import { type CreateTaskResult, createTaskResult, detailedTask } from './wire.js';

export interface TaskOptions {
  /** How long a task (and its result) stays readable after it was created. */
  ttlMs: number;
  /** The poll interval suggested to clients. */
  pollIntervalMs: number;
  /** Running tasks one caller may have at once. */
  maxLive: number;
  /** A runner renews its lease every third of this; a task whose lease ran out has lost its runner. */
  leaseMs: number;
  now: () => number;
}

export const TASK_DEFAULTS: TaskOptions = {
  ttlMs: 3_600_000,
  pollIntervalMs: 1_000,
  maxLive: 16,
  leaseMs: 30_000,
  now: Date.now,
};

/** What the work of a task gets instead of the request it started from. */
export interface TaskIo {
  /** Aborted when the task is cancelled (from any replica). */
  readonly signal: AbortSignal;
  /** Shown as the task's statusMessage. */
  progress(message: string): void;
  /**
   * A request that can change something is leaving: what an early end leaves behind, and how to
   * undo it. Stored once the promise resolves (a cancel from then on says so).
   */
  sent(aftermath: string): Promise<void>;
  /** Parks the task in input_required until every key is answered (tasks/update); the answers by key. */
  ask(requests: Record<string, InputRequest>): Promise<Record<string, unknown>>;
}

/** The work a task runs; a tool error is a completed task whose result has isError. */
export type TaskWork = (io: TaskIo) => Promise<CallToolResult>;

export class TooManyTasksError extends Error {
  override readonly name = 'TooManyTasksError';
}

interface Runner {
  abort: AbortController;
  heartbeat: NodeJS.Timeout;
  wake: () => void;
  /** Resolves once the work has ended and its end is stored. */
  done?: Promise<void>;
}

const UNKNOWN =
  'Unknown task: no task with this taskId belongs to this caller (a task is kept for its ttlMs).';

/**
 * Tasks of one process over a shared store: starts runners detached from the request that
 * created them, and answers tasks/get, tasks/update and tasks/cancel for any replica's task.
 * Every write goes through `mutate`, which never changes a terminal task: a cancel is final.
 */
export class Tasks {
  private readonly options: TaskOptions;
  private readonly runners = new Map<string, Runner>();

  constructor(
    private readonly store: TaskStore,
    options: Partial<TaskOptions> = {},
  ) {
    this.options = { ...TASK_DEFAULTS, ...options };
  }

  /** Stores the task (so an immediate tasks/get finds it), then starts its work. */
  async start(owner: string, tool: string, work: TaskWork): Promise<CreateTaskResult> {
    const { ttlMs, pollIntervalMs, maxLive, leaseMs } = this.options;
    const now = this.options.now();
    const record: TaskRecord = {
      taskId: randomBytes(16).toString('base64url'),
      owner,
      tool,
      status: 'working',
      statusMessage: 'Started',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs,
      pollIntervalMs,
      leaseUntil: now + leaseMs,
      sent: false,
      version: 0,
    };
    if (!(await this.store.insert(record, maxLive, now))) {
      throw new TooManyTasksError(
        `At most ${maxLive} tasks may run at once for one caller: wait for one to end (tasks/get) or cancel one (tasks/cancel), then call again.`,
      );
    }
    this.run(record.taskId, work);
    return createTaskResult(record);
  }

  /** tasks/get: a task whose runner stopped renewing its lease turns failed here, on any replica. */
  async get(taskId: string, owner: string): Promise<Record<string, unknown>> {
    let record = await this.owned(taskId, owner);
    const now = this.options.now();
    if (runnerLost(record, now) && !this.runners.has(taskId)) {
      record =
        (await this.mutate(taskId, (t) =>
          runnerLost(t, now)
            ? {
                ...t,
                status: 'failed',
                statusMessage: 'Failed: its server instance stopped',
                inputRequests: undefined,
                lastUpdatedAt: now,
                error: {
                  code: ProtocolErrorCode.InternalError,
                  message: `The server instance running this task stopped before it ended, so its outcome is unknown. ${aftermath(t)}`,
                },
              }
            : undefined,
        )) ?? record;
    }
    return detailedTask(record);
  }

  /** tasks/update: records the answers to questions the task asks; other keys are ignored. */
  async update(taskId: string, owner: string, responses: Record<string, unknown>): Promise<void> {
    await this.owned(taskId, owner);
    const now = this.options.now();
    await this.mutate(taskId, (t) => {
      const asked = t.inputRequests ?? {};
      const answered = Object.keys(responses).filter((key) => key in asked);
      if (t.status !== 'input_required' || answered.length === 0) return undefined;
      const remaining = Object.fromEntries(Object.entries(asked).filter(([key]) => !answered.includes(key)));
      const inputResponses = { ...t.inputResponses };
      for (const key of answered) inputResponses[key] = responses[key];
      const done = Object.keys(remaining).length === 0;
      return {
        ...t,
        status: done ? 'working' : 'input_required',
        statusMessage: done ? 'Input received' : waitingFor(remaining),
        inputRequests: done ? undefined : remaining,
        inputResponses,
        lastUpdatedAt: now,
      };
    });
    this.runners.get(taskId)?.wake();
  }

  /** tasks/cancel: ends the task cancelled for good (a no-op on an ended task) and stops its work. */
  async cancel(taskId: string, owner: string): Promise<void> {
    await this.owned(taskId, owner);
    const now = this.options.now();
    await this.mutate(taskId, (t) => ({
      ...t,
      status: 'cancelled',
      statusMessage: `Cancelled by the client. ${aftermath(t)}`,
      inputRequests: undefined,
      lastUpdatedAt: now,
    }));
    this.runners.get(taskId)?.abort.abort(new Error('The task was cancelled.'));
  }

  /**
   * Stops this process's runners without ending their tasks, as a stopped replica would: the
   * other replicas report them failed once their leases run out.
   */
  abandon(): void {
    for (const [taskId, runner] of this.runners) {
      clearInterval(runner.heartbeat);
      runner.abort.abort(new Error('The server instance stopped.'));
      this.runners.delete(taskId);
    }
  }

  /** Resolves once this process's runner of the task (if any) has ended and stored its end. */
  async settled(taskId: string): Promise<void> {
    await this.runners.get(taskId)?.done;
  }

  async close(): Promise<void> {
    this.abandon();
    await this.store.close();
  }

  private run(taskId: string, work: TaskWork): void {
    const abort = new AbortController();
    const runner: Runner = {
      abort,
      heartbeat: setInterval(() => void this.beat(taskId, runner).catch(() => {}), this.options.leaseMs / 3),
      wake: () => {},
    };
    runner.heartbeat.unref();
    this.runners.set(taskId, runner);
    const write = async (change: Partial<TaskRecord>) => {
      await this.mutate(taskId, (t) => ({ ...t, ...change, lastUpdatedAt: this.options.now() }));
    };
    const io: TaskIo = {
      signal: abort.signal,
      progress: (statusMessage) => void write({ statusMessage }).catch(() => {}),
      sent: (text) => write({ sent: true, aftermath: text }),
      ask: (requests) => this.ask(taskId, runner, requests),
    };
    runner.done = (async () => {
      let end: Partial<TaskRecord>;
      try {
        const result = await work(io);
        end = {
          status: 'completed',
          statusMessage: result.isError ? 'Ended with a tool error' : 'Completed',
          result,
        };
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        end = {
          status: 'failed',
          statusMessage: 'Failed',
          error: {
            code: Number.isSafeInteger(code) ? (code as number) : ProtocolErrorCode.InternalError,
            message: error instanceof Error ? error.message : String(error),
          },
        };
      }
      // An abandoned runner leaves its task as it is: the lease tells the other replicas.
      if (this.runners.get(taskId) !== runner) return;
      clearInterval(runner.heartbeat);
      await this.mutate(taskId, (t) => ({
        ...t,
        ...end,
        inputRequests: undefined,
        inputResponses: undefined,
        lastUpdatedAt: this.options.now(),
      })).catch(() => {});
      this.runners.delete(taskId);
    })();
  }

  /** Renews the lease; stops the work when the task was cancelled elsewhere; picks up answers. */
  private async beat(taskId: string, runner: Runner): Promise<void> {
    const leaseUntil = this.options.now() + this.options.leaseMs;
    const record = await this.mutate(taskId, (t) => ({ ...t, leaseUntil }));
    if (record === undefined || TERMINAL.has(record.status)) runner.abort.abort(new Error('The task ended.'));
    runner.wake();
  }

  private async ask(
    taskId: string,
    runner: Runner,
    requests: Record<string, InputRequest>,
  ): Promise<Record<string, unknown>> {
    await this.mutate(taskId, (t) => ({
      ...t,
      status: 'input_required',
      statusMessage: waitingFor(requests),
      inputRequests: requests,
      inputResponses: {},
      lastUpdatedAt: this.options.now(),
    }));
    const { signal } = runner.abort;
    for (;;) {
      const woken = new Promise<void>((resolve) => {
        runner.wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      signal.throwIfAborted();
      let answers: Record<string, unknown> | undefined;
      const record = await this.mutate(taskId, (t) => {
        if (t.status !== 'working' || t.inputResponses === undefined) return undefined;
        answers = t.inputResponses;
        return { ...t, inputResponses: undefined };
      });
      if (answers) return answers;
      if (record === undefined || TERMINAL.has(record.status)) throw new Error('The task ended.');
      await woken;
    }
  }

  /** The caller's task; unknown, expired and another caller's ids get the same -32602. */
  private async owned(taskId: string, owner: string): Promise<TaskRecord> {
    const record = await this.store.read(taskId, this.options.now());
    if (record === undefined || record.owner !== owner) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, UNKNOWN);
    }
    return record;
  }

  /**
   * Applies `change` to the stored task with compare-and-set, retrying on a concurrent write.
   * A terminal task is returned unchanged; `change` returning undefined leaves the task as it is.
   */
  private async mutate(
    taskId: string,
    change: (t: TaskRecord) => TaskRecord | undefined,
  ): Promise<TaskRecord | undefined> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const current = await this.store.read(taskId, this.options.now());
      if (current === undefined || TERMINAL.has(current.status)) return current;
      const next = change(current);
      if (next === undefined) return current;
      const stored = { ...next, version: current.version + 1 };
      if (await this.store.replace(stored)) return stored;
    }
    throw new Error('The task store kept changing under this write.');
  }
}

const waitingFor = (requests: Record<string, unknown>) =>
  `Waiting for ${Object.keys(requests).length} answer(s)`;

/** What an early end leaves behind: nothing when no changing request left, else what the work said. */
function aftermath(t: TaskRecord): string {
  if (!t.sent) return 'Nothing had been sent to the Paperspace API.';
  return (
    t.aftermath ??
    'A request had already reached the Paperspace API, so what it started may go on: check the resource and undo it if needed.'
  );
}
