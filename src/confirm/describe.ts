import { entityOf } from '../client/entity.js';
import { redact } from '../secrets.js';
import { inline, quoted } from '../untrusted.js';
import { usd } from './rates.js';
import type { Entity } from './rules.js';
import { canonicalJson } from './token.js';

/**
 * What identifies a target's current state: its state and modification time where the API has
 * them, otherwise a keyed digest of the whole object (`digest`: the signer's, so a secret value
 * in the target cannot be guessed from a token). A confirmation is only valid for the same
 * fingerprint. `undefined` (not found) has its own, so a target that appears since the preview
 * invalidates the confirmation.
 */
export function fingerprintOf(target: Entity | null | undefined, digest: (text: string) => string): string {
  if (target === undefined) return 'missing';
  if (target === null) return 'none';
  if (target.dtModified !== undefined || target.state !== undefined) {
    return digest(`${String(target.state ?? '')}|${String(target.dtModified ?? '')}`);
  }
  return digest(canonicalJson(target));
}

// Every value here comes from the API: `inline` keeps it on one line, escaped and short.
const LABELS: Array<[string, (v: unknown) => string]> = [
  ['id', inline],
  ['ip', inline],
  ['state', inline],
  ['machineType', inline],
  ['region', inline],
  ['diskSize', (v) => `${inline(v)} GB disk`],
  ['size', (v) => `size ${inline(v)}`],
  ['usageRate', (v) => `usage rate ${rate(v, 'h')}`],
  // The API reports storage per month, usage per hour.
  ['storageRate', (v) => `storage rate ${rate(v, 'month')}`],
  ['assignedMachineId', (v) => `assigned to ${inline(v)}`],
  ['machineId', (v) => `machine ${inline(v)}`],
  ['isCommitted', (v) => (v ? 'committed' : 'not committed')],
  ['isAdmin', (v) => (v ? 'admin' : 'not admin')],
  ['dtModified', (v) => `modified ${inline(v)}`],
];

/**
 * One line naming the target as the API reports it now: name (quoted), id, state, size, rate…
 * Nothing from the API can break out of this line (see src/untrusted.ts).
 */
export function describeTarget(target: Entity): string {
  const safe = redact(target);
  // Memberships (collaborators, team members, accessors) are named by their user.
  const user = entityOf(safe.user);
  const name = safe.name ?? safe.version ?? user?.email;
  const facts = LABELS.filter(([key]) => safe[key] !== undefined && safe[key] !== null).map(([key, f]) =>
    f(safe[key]),
  );
  if (safe.id === undefined && typeof user?.id === 'string') facts.unshift(`user ${inline(user.id)}`);
  if (safe.isOwner === true) facts.push('owner');
  return `${name !== undefined && name !== null ? `${quoted(name)} ` : ''}(${facts.join('; ')})`;
}

/** A rate as the API reports it: a number goes through the money formatter; anything else is API text. */
function rate(v: unknown, per: 'h' | 'month'): string {
  // An object holds the rate in one of its fields (an array holds none).
  const fields = Array.isArray(v) ? {} : entityOf(v);
  const value = fields ? (fields.rate ?? fields.hourly ?? fields.price) : v;
  const amount = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof amount === 'number' && Number.isFinite(amount)) return `${usd(amount)}/${per}`;
  return value !== undefined ? `$${inline(value)}/${per}` : inline(v);
}
