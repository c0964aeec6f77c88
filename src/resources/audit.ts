import type { McpServer, ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';
import { redact } from '../secrets.js';

export const POLICY_URI = 'paperspace://policy';
export const AUDIT_RECENT_URI = 'paperspace://audit/recent';
/** Entries paperspace://audit/recent shows, newest first. */
export const RECENT_ENTRIES = 50;

/** The operator's rules as loaded: the file, when it was read, the rules in force. */
export interface RulesInForce {
  file: string;
  loadedAt: Date;
  rules: readonly unknown[];
}

/** What the two resources read: the rules in force (none without a policy file) and the journal. */
export interface AuditResourceDeps {
  rules(): RulesInForce | undefined;
  /** The caller's own journal entries, newest first. */
  recent(caller: string, limit: number): Promise<readonly unknown[]>;
  /** Where the journal is written ('none' without one). */
  journal: string;
  callerOf(ctx: ServerContext): string;
}

const POLICY_LISTING = {
  uri: POLICY_URI,
  name: 'policy',
  title: 'Policy in force',
  description: 'The operator’s rules this server applies (--policy), the file and when it was loaded.',
  mimeType: 'application/json',
};
const AUDIT_LISTING = {
  uri: AUDIT_RECENT_URI,
  name: 'audit-recent',
  title: 'Your recent audit entries',
  description: `Your own last ${RECENT_ENTRIES} entries of the audit journal (--audit-log or --audit-stream), newest first.`,
  mimeType: 'application/json',
};

/**
 * The entries resources/list shows first when the operator set a policy or a journal (both
 * resources are readable either way; without either they would only say "none").
 */
export const AUDIT_RESOURCES = [POLICY_LISTING, AUDIT_LISTING] as const;

/**
 * `paperspace://policy`: the rules in force, their file and when they were loaded. `paperspace://audit/recent`:
 * the caller's own last entries of the audit journal (over HTTP never another caller's).
 */
export function registerAuditResources(server: McpServer, deps: AuditResourceDeps): void {
  server.registerResource(
    'policy',
    POLICY_URI,
    { title: POLICY_LISTING.title, description: POLICY_LISTING.description, mimeType: 'application/json' },
    async (uri) => {
      const rules = deps.rules();
      return json(
        uri.href,
        rules
          ? { file: rules.file, loadedAt: rules.loadedAt.toISOString(), rules: rules.rules }
          : { policy: 'no policy', rules: [] },
      );
    },
  );
  server.registerResource(
    'audit-recent',
    AUDIT_RECENT_URI,
    { title: AUDIT_LISTING.title, description: AUDIT_LISTING.description, mimeType: 'application/json' },
    async (uri, ctx) => {
      const entries = await deps.recent(deps.callerOf(ctx), RECENT_ENTRIES);
      // Arguments were redacted when written; a `token` field is a confirmation's id, not a token.
      return json(uri.href, { journal: deps.journal, entries }, ['token']);
    },
  );
}

function json(uri: string, body: unknown, verbatim: readonly string[] = []): ReadResourceResult {
  const text = JSON.stringify(redact(body, { verbatim }));
  return { contents: [{ uri, mimeType: 'application/json', text }] };
}
