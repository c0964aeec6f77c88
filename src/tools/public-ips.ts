import { isIP } from 'node:net';
import * as z from 'zod';
import { publicIpsAssignRule, publicIpsReleaseRule } from '../confirm/rules.js';
import { entity, input, type Operation, pageFields, pageOf } from './define.js';
import { region } from './fields.js';

const publicIp = entity({
  assignedMachineId: z.string().optional(),
  dtCreated: z.string(),
  ip: z.string(),
  region: z.string(),
});

/** An IPv4 or IPv6 address exactly: no surrounding whitespace, no host name, no CIDR suffix. */
const ipAddress = z
  .string()
  .refine((v) => isIP(v) !== 0, 'Expected an IPv4 or IPv6 address')
  .describe('The IP address');

export const publicIpsOperations = [
  {
    name: 'public_ips_list',
    toolset: 'public_ips',
    title: 'List public IPs',
    description: "Lists the team's public IPs and their machines.",
    kind: 'read',
    route: 'GET /public-ips',
    input: input({ ...pageFields(['dtCreated']), region: region.optional() }),
    output: pageOf(publicIp),
  },
  {
    name: 'public_ips_claim',
    toolset: 'public_ips',
    title: 'Claim public IP',
    description: 'Claims a billable static IP; assign it with public_ips_assign.',
    kind: 'create',
    confirm: {
      never:
        'Claims a new billable address; no machine changes until public_ips_assign, which is gated when it takes an address away.',
    },
    route: 'POST /public-ips',
    input: input({ region }),
    output: publicIp,
  },
  {
    name: 'public_ips_assign',
    toolset: 'public_ips',
    title: 'Assign public IP',
    description: 'Assigns a public IP to a machine, taking it from any machine that has it.',
    kind: 'update',
    route: 'PUT /public-ips/{ip}',
    input: input({ ip: ipAddress, machineId: z.string().nullable().describe('Machine id; null unassigns') }),
    output: publicIp,
    gated: true,
    confirm: publicIpsAssignRule,
  },
  {
    name: 'public_ips_release',
    toolset: 'public_ips',
    title: 'Release public IP',
    description: 'Releases a public IP; the address is lost.',
    kind: 'delete',
    route: 'DELETE /public-ips/{ip}',
    input: input({ ip: ipAddress }),
    output: entity({ ip: z.string() }),
    gated: true,
    confirm: publicIpsReleaseRule,
  },
] as const satisfies readonly Operation[];
