/**
 * The one exit filter for secrets. Everything that leaves the process (tool results, error text,
 * resource contents, confirmation previews and questions, log lines) passes `redact()` or
 * `redactText()`. Two layers:
 * - key names: a string under a secret-looking key (`password`, `apiKey`, `SECRET_ACCESS_KEY`,
 *   `basic-auth-key`, …; see `isSecretKey`) or the `value` of a secret object is replaced;
 * - known values: the API key, every per-request key, the HTTP auth token, the signing secret and
 *   the secret values of the current call's arguments are replaced wherever they occur as
 *   substrings, in any string.
 * Only strings are replaced, so `emailPassword: true` stays readable and every schema still fits.
 */

import { isRecord } from './types/narrow.js';

export const REDACTED = '[redacted]';

/** Known values shorter than this are not substituted (too likely to be ordinary words). */
export const MIN_SECRET_LENGTH = 8;

/**
 * Name endings that denote a secret. A key matches when its last word parts are one of these
 * (so `secretAccessKey` matches and `accessKeyId`, `isPasswordAuthEnabled`, `secretName` do not).
 */
const SECRET_ENDINGS: readonly (readonly string[])[] = [
  ['secret'],
  ['secrets'],
  ['password'],
  ['passwords'],
  ['passwd'],
  ['pwd'],
  ['token'],
  ['tokens'],
  ['apikey'],
  ['api', 'key'],
  ['access', 'key'],
  ['secret', 'key'],
  ['private', 'key'],
  ['session', 'token'],
  ['credential'],
  ['credentials'],
  ['basic', 'auth', 'key'],
  ['auth', 'key'],
  ['authorization'],
];

/** Word parts of a key name, lower case: `secretAccessKey`, `SECRET_ACCESS_KEY`, `secret-access key`. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a value under this key name is a secret (decided on whole word parts, any case or separator). */
export function isSecretKey(name: string): boolean {
  // Every key of every answer passes here; answers reuse a small set of names, so each is decided once.
  let secret = decided.get(name);
  if (secret === undefined) {
    secret = decide(name);
    if (decided.size < MAX_DECIDED) decided.set(name, secret);
  }
  return secret;
}

const decided = new Map<string, boolean>();
const MAX_DECIDED = 4096;

function decide(name: string): boolean {
  // `confirm` (the token the gate hands out, meant for the agent) matches no ending; names that
  // only look like it (`confirmationToken` from an API) are secrets like any other token.
  let parts = nameParts(name);
  // `secretValue`, `tokenString`: the trailing word qualifies the secret, it does not replace it.
  if (parts.length > 1 && (parts.at(-1) === 'value' || parts.at(-1) === 'string')) parts = parts.slice(0, -1);
  return SECRET_ENDINGS.some(
    (ending) =>
      ending.length <= parts.length &&
      ending.every((word, i) => parts[parts.length - ending.length + i] === word),
  );
}

// ---- known values --------------------------------------------------------------------------------

/**
 * Process-wide secrets, each with what it is ("the API key"): keys, tokens and the signing secret
 * are pinned; per-request keys and storage keys rotate. The kind names a secret in a refusal
 * (a file that holds one); the value never appears anywhere.
 */
const pinned = new Map<string, string>();
/** Per-request keys seen recently (multi-tenant HTTP), oldest first; bounded so memory is too. */
const recent = new Map<string, string>();
const MAX_RECENT = 512;

/** Adds a value that must never leave the process (API key, auth token, signing secret). */
export function pinSecret(value: string | undefined, kind = 'a secret of this server'): void {
  if (value && value.length >= MIN_SECRET_LENGTH) pinned.set(value, kind);
}

/** Adds a per-request key; the least recently seen ones are forgotten beyond a bound. */
export function rememberSecret(value: string | undefined, kind = 'a per-request API key'): void {
  if (!value || value.length < MIN_SECRET_LENGTH || pinned.has(value)) return;
  recent.delete(value);
  recent.set(value, kind);
  if (recent.size > MAX_RECENT) {
    const oldest = recent.keys().next();
    if (!oldest.done) recent.delete(oldest.value);
  }
}

/** Every value the server holds as a secret now, with its kind (for scanning file content). */
export function knownSecrets(): Array<{ value: string; kind: string }> {
  const all = new Map(pinned);
  for (const [value, kind] of recent) if (!all.has(value)) all.set(value, kind);
  return [...all].map(([value, kind]) => ({ value, kind }));
}

/** The secret strings an operation's arguments carry (under secret key names, or a secret object's value). */
export function secretsInArgs(args: unknown, secretObjects = false): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key: string | undefined, depth: number, inSecretObject: boolean): void => {
    if (depth > 32) return;
    if (typeof v === 'string') {
      if (
        key !== undefined &&
        v.length >= MIN_SECRET_LENGTH &&
        (isSecretKey(key) || (inSecretObject && key === 'value'))
      )
        found.push(v);
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) walk(item, key, depth + 1, inSecretObject);
      return;
    }
    if (!isRecord(v)) return;
    const secretObject = secretObjects || isSecretObject(v) || (key !== undefined && isSecretKey(key));
    for (const [k, inner] of Object.entries(v)) walk(inner, k, depth + 1, secretObject);
  };
  walk(args, undefined, 0, secretObjects);
  return found;
}

/** `{ name: "DB_PASSWORD", value: "…" }` (env entries, secrets): its `value` is a secret. */
function isSecretObject(obj: Record<string, unknown>): boolean {
  const label = obj.name ?? obj.key;
  return typeof label === 'string' && typeof obj.value === 'string' && isSecretKey(label);
}

/** What one exit knows on top of the process-wide values. */
export interface RedactScope {
  /** Extra values to replace (the call's own key and secret arguments). */
  values?: readonly string[];
  /** Every `value` key is a secret (the payloads of the secrets tools). */
  secretObjects?: boolean;
  /** Exact key names to redact on top of the secret-looking ones. */
  keys?: readonly string[];
  /** Keys whose string values are user content: only known values are replaced in them. */
  verbatim?: readonly string[];
}

function knownValues(scope: RedactScope): string[] {
  const all = new Set<string>(pinned.keys());
  for (const v of recent.keys()) all.add(v);
  for (const v of scope.values ?? []) if (v.length >= MIN_SECRET_LENGTH) all.add(v);
  // Longest first, so a value containing another is replaced whole.
  return [...all].sort((a, b) => b.length - a.length);
}

function replaceKnown(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/** User content (a file's text): only known values are replaced, nothing else is touched. */
export function redactKnown(text: string, scope: RedactScope = {}): string {
  return replaceKnown(text, knownValues(scope));
}

// ---- text ----------------------------------------------------------------------------------------

/** `Bearer <token>` in free text (an upstream echoing our request headers). */
const BEARER = /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{16,}/gi;
/**
 * `"key": "value"`, `key=value`, `key = value`, `key: value` pairs inside free text (echoed bodies,
 * query strings, config lines). Keys are found first; a value is read only after a secret key, so
 * a pair whose value holds another (`Note: password=…`, `db: api_key=…`) is searched inside too.
 */
const KEY_SEP = /(["']?)([A-Za-z_][\w-]{0,80})\1(\s*[:=]\s*)/g;
const VALUE = /"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',;&{}[\]<]+/y;
const LITERAL = /^(true|false|null|-?\d+(\.\d+)?)$/;
/** A bare word after `key: ` that mixes letters and digits is a value, not prose. */
const VALUE_LIKE = /^(?=.*[A-Za-z])(?=.*\d).{8,}$/;

/** Free text with known values, bearer credentials and secret-named pairs replaced. */
export function redactText(text: string, scope: RedactScope = {}): string {
  return redactString(text, knownValues(scope), scope.secretObjects === true);
}

function redactString(text: string, values: readonly string[], secretObjects = false): string {
  let out = replaceKnown(text, values);
  if (out.length > 0 && /[:=]/.test(out)) {
    out = out.replace(BEARER, (_m, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
    out = redactPairs(out, secretObjects);
  }
  return out;
}

function redactPairs(text: string, secretObjects: boolean): string {
  const keys = new RegExp(KEY_SEP.source, 'g');
  let out = '';
  let copied = 0;
  for (let m = keys.exec(text); m !== null; m = keys.exec(text)) {
    // Every group of KEY_SEP takes part in a match (the quote may be empty).
    const [head, quote = '', key = '', sep = ''] = m;
    if (!(isSecretKey(key) || (secretObjects && key === 'value'))) continue;
    VALUE.lastIndex = m.index + head.length;
    const value = VALUE.exec(text)?.[0];
    if (value === undefined) continue;
    const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
    // A bare word after "key: " is prose ("password: must be longer"); after "key=" it is a value.
    const prose = !q && !sep.includes('=') && /\s/.test(sep) && !VALUE_LIKE.test(value);
    if (prose || LITERAL.test(value) || value.includes(REDACTED)) continue;
    out += `${text.slice(copied, m.index)}${quote}${key}${quote}${sep}${q}${REDACTED}${q}`;
    copied = VALUE.lastIndex;
    keys.lastIndex = copied;
  }
  return out + text.slice(copied);
}

// ---- structured values ---------------------------------------------------------------------------

/** A deployment env value naming a stored secret (`secret:DB_PASSWORD`): a name, not the secret. */
const SECRET_REFERENCE = /^secret:[A-Za-z0-9_.-]{1,128}$/;

/**
 * A deep copy of `value` with secret-named strings, secret objects' values, and known values inside
 * any string replaced by "[redacted]". Non-string values are kept as they are, so the copy has the
 * type of `value` (the signature says so; the walk itself sees unknown values).
 */
export function redact<T>(value: T, scope?: RedactScope): T;
export function redact(value: unknown, scope: RedactScope = {}): unknown {
  const values = knownValues(scope);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      return SECRET_REFERENCE.test(v)
        ? replaceKnown(v, values)
        : redactString(v, values, scope.secretObjects === true);
    }
    if (v === null || typeof v !== 'object') return v;
    // Deeper than any API answer: not worth walking, not safe to pass on.
    if (depth > 64) return REDACTED;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    if (!isRecord(v)) return v;
    const secretObject = scope.secretObjects === true || isSecretObject(v);
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) {
      if (typeof inner === 'string' && scope.verbatim?.includes(k) === true) {
        out[k] = replaceKnown(inner, values);
        continue;
      }
      const secret =
        typeof inner === 'string' &&
        !SECRET_REFERENCE.test(inner) &&
        (isSecretKey(k) || (secretObject && k === 'value') || scope.keys?.includes(k) === true);
      out[k] = secret ? REDACTED : walk(inner, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** The same error with its message filtered (for errors the SDK turns into JSON-RPC errors). */
export function redactError<E>(error: E, scope: RedactScope = {}): E {
  if (error instanceof Error) error.message = redactText(error.message, scope);
  return error;
}
