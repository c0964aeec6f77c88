/** The shapes of a confirmation rule and of what it reads: the rules (rules.ts) and the engine share them. */

import type { DownloadPlan } from '../files/get-files.js';
import type { UploadPlan } from '../files/operations.js';
import type { ApiGet } from '../files/resolve.js';

export type Args = Record<string, unknown>;
/** How a call changes the running burn rate (a row's `cost`): what the spend cap checks. */
export type CostClass = 'machine-create' | 'machine-start' | 'machine-update' | 'deployment';
/** What a row's `prepare` planned locally (the files of an upload or a download), beside the arguments. */
export type LocalPlan = UploadPlan | DownloadPlan;
export type Entity = Record<string, unknown>;
/** GET below the API base; resolves undefined on 404. */
export type Get = ApiGet;

/**
 * What the engine reads of a tool's row (src/tools/define.ts Operation has these fields): its
 * name and title for the preview, its route for the default target, and its confirmation.
 */
export interface GatedRow {
  readonly name: string;
  readonly title: string;
  /** `METHOD /path/{param}`. */
  readonly route: string;
  readonly gated?: true;
  readonly confirm?: ConfirmRule | { readonly never: string };
}

export interface ConfirmRule {
  /** What the gate guards against: the data, money, access or address that can be lost, or the privilege granted. */
  why: string;
  /**
   * Fetches the target. Resolves undefined when it is not found (or a list lookup is missed or
   * ambiguous), null when the call has no existing target; rejects when the API cannot answer
   * (the gate then sends nothing).
   */
  fetch?: (args: Args, get: Get, plan?: LocalPlan) => Promise<Entity | null | undefined>;
  /**
   * Conditional rules, decided on the arguments alone: false means the call is harmless whatever
   * the target, and it runs without a fetch.
   */
  risky?: (args: Args) => boolean;
  /**
   * Conditional rules, decided with the target as fetched: false means harmless. Never called
   * when the target could not be found: a rule that cannot be decided asks (fail closed).
   */
  when?: (args: Args, target: Entity | null) => boolean;
  /** Shown under the target, e.g. "It holds 3 versions." Server-written lines only. */
  facts?: (args: Args, target: Entity, get: Get, plan?: LocalPlan) => Promise<string[]>;
  /** Whether and how the change can be undone. */
  undo: string;
}
