import type { CallToolResult, InputRequest } from '@modelcontextprotocol/server';

export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** Statuses a task never leaves: a late write of its runner cannot undo a cancel. */
export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'cancelled']);

/**
 * One task as every replica sees it. Holds no API key and no call arguments: the runner keeps
 * those in its own memory. `version` grows with every write (stores compare and set on it).
 */
export interface TaskRecord {
  taskId: string;
  /** The caller's identity digest ('' for the one client of stdio or an open loopback server). */
  owner: string;
  tool: string;
  status: TaskStatus;
  statusMessage: string;
  /** Epoch ms. */
  createdAt: number;
  lastUpdatedAt: number;
  /** The record is kept until createdAt + ttlMs, whatever its status. */
  ttlMs: number;
  pollIntervalMs: number;
  /** Epoch ms until which the runner is known alive; it renews it while it runs. */
  leaseUntil: number;
  /** A request that can change something has left for the API. */
  sent: boolean;
  /** What the API may already have done when the task ends early, and how to undo it. */
  aftermath?: string;
  result?: CallToolResult;
  error?: { code: number; message: string };
  /** Questions still unanswered (status input_required). */
  inputRequests?: Record<string, InputRequest>;
  /** Answers received and not yet taken by the runner. */
  inputResponses?: Record<string, unknown>;
  version: number;
}

/** Still running as far as anyone can tell: not terminal, and its runner renewed its lease. */
export function isLive(record: TaskRecord, now: number): boolean {
  return !TERMINAL.has(record.status) && record.leaseUntil >= now;
}

/** The record's runner stopped renewing its lease before the task ended. */
export function runnerLost(record: TaskRecord, now: number): boolean {
  return !TERMINAL.has(record.status) && record.leaseUntil < now;
}

export const expiresAt = (record: TaskRecord): number => record.createdAt + record.ttlMs;
