import type { Condition, Policy, Rule } from './schema.js';

/** What a policy says of one call; `undefined` from `decide` means no rule matched (today's behaviour). */
export interface PolicyVerdict {
  effect: Rule['effect'];
  /** 0-based index of the deciding rule, as in `rules[i]`. */
  rule: number;
  reason?: string;
}

/** The target's fields, or `unavailable` when a rule needs them and they could not be fetched. */
export type TargetView = Record<string, unknown> | 'unavailable' | undefined;

/** A compiled policy: globs and patterns built once, when the file is loaded. */
export class CompiledPolicy {
  private readonly rules: readonly CompiledRule[];

  constructor(readonly source: Policy) {
    this.rules = source.rules.map(compileRule);
  }

  /** True when some rule naming this tool has `target` conditions: the caller fetches the target first. */
  needsTarget(tool: string): boolean {
    return this.rules.some((r) => r.names(tool) && r.rule.target !== undefined);
  }

  /**
   * The first rule that matches decides. A target that could not be fetched makes `target`
   * conditions fail closed: an allow rule does not hold, a deny or ask rule does.
   */
  decide(tool: string, args: Record<string, unknown>, target?: TargetView): PolicyVerdict | undefined {
    for (const [index, r] of this.rules.entries()) {
      if (!r.names(tool)) continue;
      if (r.rule.when && !holds(r.when, args)) continue;
      if (r.rule.target) {
        if (target === 'unavailable' || target === undefined) {
          if (r.rule.effect === 'allow') continue;
        } else if (!holds(r.target, target)) continue;
      }
      return { effect: r.rule.effect, rule: index, ...(r.rule.reason ? { reason: r.rule.reason } : {}) };
    }
    return undefined;
  }

  /**
   * A tool is hidden from tools/list when the first rule naming it denies without conditions.
   * (An earlier conditional rule naming it means some calls may still be allowed.)
   */
  hides(tool: string): boolean {
    const first = this.rules.find((r) => r.names(tool));
    return first !== undefined && first.rule.effect === 'deny' && !first.rule.when && !first.rule.target;
  }
}

interface CompiledRule {
  rule: Rule;
  names: (tool: string) => boolean;
  when: CompiledCondition[];
  target: CompiledCondition[];
}

interface CompiledCondition {
  path: string[];
  test: (value: unknown) => boolean;
}

function compileRule(rule: Rule): CompiledRule {
  const globs = rule.tools.map(globToRegExp);
  return {
    rule,
    names: (tool) => globs.some((g) => g.test(tool)),
    when: compileConditions(rule.when),
    target: compileConditions(rule.target),
  };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileConditions(conditions: Record<string, Condition> | undefined): CompiledCondition[] {
  return Object.entries(conditions ?? {}).map(([field, c]) => ({
    path: field.split('.'),
    test: compileCondition(c),
  }));
}

function compileCondition(c: Condition): (value: unknown) => boolean {
  const pattern = c.pattern === undefined ? undefined : new RegExp(c.pattern, 'u');
  return (value) => {
    if (value === undefined || value === null) return false;
    if (c.in && !c.in.some((v) => v === value)) return false;
    if (c.notIn?.some((v) => v === value)) return false;
    if (c.min !== undefined && !(typeof value === 'number' && value >= c.min)) return false;
    if (c.max !== undefined && !(typeof value === 'number' && value <= c.max)) return false;
    if (pattern && !(typeof value === 'string' && pattern.test(value))) return false;
    return true;
  };
}

function holds(conditions: CompiledCondition[], fields: Record<string, unknown>): boolean {
  return conditions.every((c) => c.test(fieldAt(fields, c.path)));
}

function fieldAt(fields: Record<string, unknown>, path: string[]): unknown {
  let at: unknown = fields;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = Reflect.get(at, key);
  }
  return at;
}
