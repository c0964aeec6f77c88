import type { TaskRecord } from './record.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The fields every task answer carries (SEP-2663 `Task`). */
function taskFields(record: TaskRecord) {
  return {
    taskId: record.taskId,
    status: record.status,
    statusMessage: record.statusMessage,
    createdAt: iso(record.createdAt),
    lastUpdatedAt: iso(record.lastUpdatedAt),
    ttlMs: record.ttlMs,
    pollIntervalMs: record.pollIntervalMs,
  };
}

export type CreateTaskResult = ReturnType<typeof taskFields> & { resultType: 'task' };

/**
 * A tools/call answered with a task: the flat `Result & Task`, without result, error,
 * inputRequests or requestState (the client polls tasks/get for those).
 */
export function createTaskResult(record: TaskRecord): CreateTaskResult {
  return { resultType: 'task', ...taskFields(record) };
}

/** Whether a tools/call answer is a task rather than a result. */
export function isCreateTaskResult(result: unknown): result is CreateTaskResult {
  return (result as { resultType?: unknown } | null)?.resultType === 'task';
}

/**
 * tasks/get: the task with what its status carries: the CallToolResult when completed, the
 * protocol error when failed, the unanswered questions when input_required.
 */
export function detailedTask(record: TaskRecord): Record<string, unknown> {
  return {
    resultType: 'complete',
    ...taskFields(record),
    ...(record.status === 'completed' ? { result: record.result } : {}),
    ...(record.status === 'failed' ? { error: record.error } : {}),
    ...(record.status === 'input_required' ? { inputRequests: record.inputRequests ?? {} } : {}),
  };
}
