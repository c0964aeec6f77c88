import { say } from '../log.js';
import { type LoadedPolicy, loadPolicyFile, PolicyFileError } from './load.js';
import type { PolicyVerdict, TargetView } from './match.js';

/**
 * The policy in force. A reload reads the file again and swaps the rules in whole; a file that
 * cannot be used keeps the old rules and logs its path and the pointer of the first problem.
 */
export class PolicyHolder {
  private listeners: Array<(changedTools: readonly string[]) => void> = [];

  /** `loaded`: the file as read while the configuration was checked. */
  constructor(private loaded: LoadedPolicy) {}

  get current(): LoadedPolicy {
    return this.loaded;
  }

  decide(tool: string, args: Record<string, unknown>, target?: TargetView): PolicyVerdict | undefined {
    return this.loaded.policy.decide(tool, args, target);
  }

  needsTarget(tool: string): boolean {
    return this.loaded.policy.needsTarget(tool);
  }

  inForce(): { file: string; loadedAt: Date; rules: readonly unknown[] } {
    const { file, loadedAt, policy } = this.loaded;
    return { file, loadedAt, rules: policy.source.rules };
  }

  hides(tool: string): boolean {
    return this.loaded.policy.hides(tool);
  }

  /** Called after a reload with the tools whose visibility changed among `known` (for tools/list_changed). */
  onChange(listener: (changedTools: readonly string[]) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Listeners still subscribed (one per open session). */
  get listening(): number {
    return this.listeners.length;
  }

  /** Reads the file again. Returns false (old rules kept, problem logged) when it cannot be used. */
  reload(known: readonly string[]): boolean {
    let next: LoadedPolicy;
    try {
      next = loadPolicyFile(this.loaded.file);
    } catch (error) {
      if (!(error instanceof PolicyFileError)) throw error;
      say(
        `${error.message}; the rules loaded at ${this.loaded.loadedAt.toISOString()} stay in force`,
        'error',
      );
      return false;
    }
    const before = this.loaded.policy;
    this.loaded = next;
    const changed = known.filter((tool) => before.hides(tool) !== next.policy.hides(tool));
    say(`policy reloaded from ${next.file}: ${next.policy.source.rules.length} rules`);
    for (const listener of this.listeners) listener(changed);
    return true;
  }
}
