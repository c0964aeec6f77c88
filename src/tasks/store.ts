import { expiresAt, isLive, type TaskRecord } from './record.js';

/**
 * Where tasks live, so that any replica answers tasks/get, tasks/update and tasks/cancel:
 * - memory: one process (stdio, or one HTTP replica);
 * - Redis (PAPERSPACE_MCP_REDIS_URL, HTTP only): every replica shares the records, which expire
 *   with their ttlMs.
 * Writes compare and set on the record's version, so concurrent writers (a runner, a cancel on
 * another replica) never lose each other's change; a reject means the store could not answer.
 */
export interface TaskStore {
  /** True when every replica sees the same tasks. */
  readonly shared: boolean;
  /**
   * Stores a new task (version 0) unless its owner already has `maxLive` live tasks (isLive at
   * `now`): true when stored. Counting and storing are one atomic step.
   */
  insert(record: TaskRecord, maxLive: number, now: number): Promise<boolean>;
  /** The task, or undefined when unknown or past its ttlMs. */
  read(taskId: string, now: number): Promise<TaskRecord | undefined>;
  /**
   * Replaces the task with `next` (whose version is the stored one + 1) if the stored version is
   * still `next.version - 1`: true when replaced. The record keeps its expiry.
   */
  replace(next: TaskRecord): Promise<boolean>;
  close(): Promise<void>;
}

/** The in-process store: a map swept of expired tasks whenever a task is added. */
export class MemoryTaskStore implements TaskStore {
  readonly shared = false;
  private readonly tasks = new Map<string, TaskRecord>();

  async insert(record: TaskRecord, maxLive: number, now: number): Promise<boolean> {
    let live = 0;
    for (const [id, task] of this.tasks) {
      if (expiresAt(task) <= now) this.tasks.delete(id);
      else if (task.owner === record.owner && isLive(task, now)) live++;
    }
    if (live >= maxLive) return false;
    this.tasks.set(record.taskId, structuredClone({ ...record, version: 0 }));
    return true;
  }

  async read(taskId: string, now: number): Promise<TaskRecord | undefined> {
    const task = this.tasks.get(taskId);
    return task && expiresAt(task) > now ? structuredClone(task) : undefined;
  }

  async replace(next: TaskRecord): Promise<boolean> {
    const current = this.tasks.get(next.taskId);
    if (current?.version !== next.version - 1) return false;
    this.tasks.set(next.taskId, structuredClone(next));
    return true;
  }

  async close(): Promise<void> {}
}
