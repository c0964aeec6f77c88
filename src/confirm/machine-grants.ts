import { entityOf } from '../client/entity.js';
import { type ApiPath, apiPath } from '../client/paths.js';
import { inline, quoted } from '../untrusted.js';
import type { Args, ConfirmRule, Get } from './rules.js';

/**
 * machines_create with what the tools that change a machine later all ask for: a startup script
 * (startup_scripts_assign), accessors (machines_accessors_add), a private network or a static
 * public IP (machines_update networkId / publicIpType). Without them it runs as any create.
 */
const hasScript = (args: Args) => typeof args.startupScriptId === 'string';
const accessorsOf = (args: Args) => (Array.isArray(args.accessorIds) ? args.accessorIds : []);
const hasNetwork = (args: Args) => typeof args.networkId === 'string';
const staticIp = (args: Args) => args.publicIpType === 'static';

const grants = (args: Args) =>
  hasScript(args) || accessorsOf(args).length > 0 || hasNetwork(args) || staticIp(args);

/** The script or network as the API reports it now; null when it does not exist. */
const current = async (get: Get, path: ApiPath) => entityOf(await get(path)) ?? null;

export const machinesCreateRule: ConfirmRule = {
  why: 'Only with a startup script, accessors, a private network or a static public IP: code that runs at every boot, other users with access, machines and drives that can reach it, a billed fixed address.',
  risky: grants,
  /**
   * The machine asked for, with the script and network it would get as they are now: a token is
   * refused when either changes (or appears, or goes) before the confirmed call.
   */
  fetch: async (args, get) => ({
    name: args.name,
    machineType: args.machineType,
    region: args.region,
    diskSize: args.diskSize,
    ...(hasScript(args)
      ? {
          startupScript: await current(
            get,
            apiPath('/startup-scripts/{id}', { id: String(args.startupScriptId) }),
          ),
        }
      : {}),
    ...(hasNetwork(args)
      ? { network: await current(get, apiPath('/private-networks/{id}', { id: String(args.networkId) })) }
      : {}),
  }),
  facts: async (args, target) => {
    const lines: string[] = [];
    if (hasScript(args)) {
      const script = entityOf(target.startupScript);
      lines.push(
        script
          ? `Grant: startup script ${quoted(script.name)} (${inline(args.startupScriptId)}) runs on it at ${script.isRunOnce === true ? 'its first boot' : 'every boot'}, as code that can change or delete anything on the machine.`
          : `Grant: startup script ${inline(args.startupScriptId)} runs on it at boot (the API does not know that script now).`,
      );
    }
    const accessors = accessorsOf(args);
    if (accessors.length > 0) {
      const shown = accessors.slice(0, 10).map((id) => quoted(id));
      const more = accessors.length > 10 ? ` and ${accessors.length - 10} more` : '';
      lines.push(`Grant: user(s) ${shown.join(', ')}${more} get access to it.`);
    }
    if (hasNetwork(args)) {
      const network = entityOf(target.network);
      const named = network ? `${quoted(network.name)} (${inline(args.networkId)})` : inline(args.networkId);
      lines.push(`Grant: it joins private network ${named}; machines and drives there can reach it.`);
    }
    if (staticIp(args)) {
      lines.push(
        'Grant: it gets a static public IP, reachable from the internet at a fixed address billed while held.',
      );
    }
    return lines;
  },
  undo: 'startup_scripts_unassign, machines_accessors_remove and machines_update take a grant back, machines_delete the machine; what a boot script did stays done.',
};
