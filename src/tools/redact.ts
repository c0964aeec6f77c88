/**
 * Keys whose values never reach the agent, wherever they appear in a response: storage-provider
 * `s3Config.secretAccessKey`, shared-drive and VNC `password`, registry passwords, secret values.
 */
const ALWAYS = ['secretAccessKey', 'password'];
export const REDACTED = '[redacted]';

/** A deep copy of `value` with every listed key's value replaced by "[redacted]". */
export function redact(value: unknown, extraKeys: readonly string[] = []): unknown {
  const keys = new Set([...ALWAYS, ...extraKeys]);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) {
      out[k] = keys.has(k) && inner !== null && inner !== undefined ? REDACTED : walk(inner);
    }
    return out;
  };
  return walk(value);
}
