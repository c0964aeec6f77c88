import { PolicyHolder } from './holder.js';
import { loadPolicyFile } from './load.js';

/**
 * The operator's rules for a starting server: read now (a file that does not parse or validate
 * throws with its path and pointer, which stops start-up), and read again on SIGHUP from this
 * moment on, before anything is answered, so an early signal never ends the process. `names`:
 * every tool, for the tools/list_changed of a reload.
 */
export function rulesInForce(file: string, names: readonly string[]): PolicyHolder {
  const holder = new PolicyHolder(loadPolicyFile(file));
  process.on('SIGHUP', () => holder.reload(names));
  return holder;
}
