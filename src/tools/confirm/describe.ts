import { redact } from '../../secrets.js';
import type { Entity } from './rules.js';
import { canonicalJson, hashOf } from './token.js';

/**
 * What identifies a target's current state: its state and modification time where the API has
 * them, otherwise a hash of the whole object. A confirmation is only valid for the same fingerprint.
 */
export function fingerprintOf(target: Entity | null): string {
  if (target === null) return 'none';
  if (target.dtModified !== undefined || target.state !== undefined) {
    return `${String(target.state ?? '')}|${String(target.dtModified ?? '')}`;
  }
  return hashOf(canonicalJson(target));
}

const LABELS: Array<[string, (v: unknown) => string]> = [
  ['id', String],
  ['ip', String],
  ['state', String],
  ['machineType', String],
  ['region', String],
  ['diskSize', (v) => `${v} GB disk`],
  ['size', (v) => `size ${v}`],
  ['usageRate', (v) => `usage rate ${rate(v, 'h')}`],
  // The API reports storage per month, usage per hour.
  ['storageRate', (v) => `storage rate ${rate(v, 'month')}`],
  ['assignedMachineId', (v) => `assigned to ${v}`],
  ['machineId', (v) => `machine ${v}`],
  ['isCommitted', (v) => (v ? 'committed' : 'not committed')],
  ['dtModified', (v) => `modified ${v}`],
];

/** One line naming the target as the API reports it now: name, id, state, size, rate… */
export function describeTarget(target: Entity): string {
  const safe = redact(target) as Entity;
  const name = safe.name ?? safe.version ?? (safe.user as Entity | undefined)?.email;
  const facts = LABELS.filter(([key]) => safe[key] !== undefined && safe[key] !== null).map(([key, f]) =>
    f(safe[key]),
  );
  // Memberships (collaborators, team members, accessors) are named by their user.
  const user = safe.user as Entity | undefined;
  if (safe.id === undefined && typeof user?.id === 'string') facts.unshift(`user ${user.id}`);
  for (const role of ['isOwner', 'isAdmin'] as const)
    if (safe[role] === true) facts.push(role.slice(2).toLowerCase());
  return `${name !== undefined ? `"${String(name)}" ` : ''}(${facts.join('; ')})`;
}

function rate(v: unknown, per: 'h' | 'month'): string {
  if (v && typeof v === 'object') {
    const r = v as Record<string, unknown>;
    const value = r.rate ?? r.hourly ?? r.price;
    return value !== undefined ? `$${value}/${per}` : JSON.stringify(v);
  }
  return `$${v}/${per}`;
}
