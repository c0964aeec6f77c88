/** One attempt to change something, as the journal sees it right before its request is sent. */
export interface Intent {
  tool: string;
  /** The arguments the request is built from (the exit filter has not run: a writer redacts). */
  args: Readonly<Record<string, unknown>>;
  /** Who is calling ('' when there is one caller, as on stdio). */
  caller: string;
}

/** How an attempt ended: applied, or failed (`sent`: whether a request had gone out, so it may have applied). */
export type Outcome = { ok: true } | { ok: false; sent: boolean };

/**
 * Where mutating calls are recorded. The pipeline awaits `intent` right before a mutating request
 * is sent and `outcome` right after it: a rejected `intent` stops the send (an unjournaled change
 * never happens, and the caller gets the writer's error); a rejected `outcome` is the call's error.
 */
export interface Journal {
  intent(entry: Intent): Promise<void>;
  outcome(entry: Intent, outcome: Outcome): Promise<void>;
}

/** No journal: nothing is written, nothing is stopped. */
export const NO_JOURNAL: Journal = {
  intent: async () => {},
  outcome: async () => {},
};
