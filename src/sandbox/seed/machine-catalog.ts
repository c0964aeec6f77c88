/**
 * Fixed facts of the simulated platform, as data: regions, machine types, disk sizes, OS templates.
 * The reference hides the region (4 alternatives) and disk-size (11 alternatives) lists; the values
 * here are Paperspace's public regions and storage tiers, an assumption of the sandbox.
 */

export const REGIONS = ['ny2', 'ca1', 'ams1'] as const;

export const DISK_SIZES = [10, 15, 20, 25, 30, 50, 100, 250, 500, 1000, 2000] as const;

/** Monthly storage price in dollars for a disk size in gigabytes. */
export const storageRate = (gb: number) => Math.round(gb * 10) / 100;

export interface MachineType {
  label: string;
  cpus: number;
  ramGb: number;
  /** GPU name, count and memory in GB; absent for CPU-only types. */
  gpu?: { name: string; count: number; memory: number };
  /** Hourly price in dollars. */
  usageRate: number;
  /** Regions where the type can be created right now (machine_availability_get); H100s are sold out. */
  regions: readonly string[];
}

const ALL = REGIONS;

export const MACHINE_TYPES: readonly MachineType[] = [
  { label: 'C4', cpus: 2, ramGb: 4, usageRate: 0.04, regions: ALL },
  { label: 'C5', cpus: 4, ramGb: 8, usageRate: 0.08, regions: ALL },
  { label: 'C7', cpus: 12, ramGb: 30, usageRate: 0.3, regions: ALL },
  {
    label: 'P4000',
    cpus: 8,
    ramGb: 30,
    gpu: { name: 'Quadro P4000', count: 1, memory: 8 },
    usageRate: 0.51,
    regions: ALL,
  },
  {
    label: 'RTX4000',
    cpus: 8,
    ramGb: 30,
    gpu: { name: 'Quadro RTX4000', count: 1, memory: 8 },
    usageRate: 0.56,
    regions: ALL,
  },
  {
    label: 'A4000',
    cpus: 8,
    ramGb: 45,
    gpu: { name: 'RTX A4000', count: 1, memory: 16 },
    usageRate: 0.76,
    regions: ['ny2', 'ams1'],
  },
  {
    label: 'A6000',
    cpus: 8,
    ramGb: 45,
    gpu: { name: 'RTX A6000', count: 1, memory: 48 },
    usageRate: 1.89,
    regions: ['ny2', 'ca1'],
  },
  {
    label: 'A100',
    cpus: 12,
    ramGb: 90,
    gpu: { name: 'A100', count: 1, memory: 40 },
    usageRate: 3.09,
    regions: ['ny2'],
  },
  {
    label: 'A100-80G',
    cpus: 12,
    ramGb: 90,
    gpu: { name: 'A100 80GB', count: 1, memory: 80 },
    usageRate: 3.18,
    regions: ['ny2'],
  },
  {
    label: 'H100',
    cpus: 20,
    ramGb: 250,
    gpu: { name: 'H100', count: 1, memory: 80 },
    usageRate: 5.95,
    regions: [],
  },
];

export const machineType = (label: string) => MACHINE_TYPES.find((t) => t.label === label);

const GPU_TYPES = MACHINE_TYPES.filter((t) => t.gpu).map((t) => t.label);
const CPU_TYPES = MACHINE_TYPES.filter((t) => !t.gpu).map((t) => t.label);

export interface OsTemplate extends Record<string, unknown> {
  agentType: string;
  availableMachineTypes: { isAvailable: boolean; machineTypeLabel: string }[];
  defaultSizeGb: number | null;
  dtCreated: string;
  id: string;
  name: string;
  operatingSystemLabel: string;
}

const supported = (labels: readonly string[]) =>
  labels.map((label) => ({
    machineTypeLabel: label,
    isAvailable: (machineType(label)?.regions.length ?? 0) > 0,
  }));

/** The public OS templates (the same for every team; not stored per sandbox). */
export const OS_TEMPLATES: readonly OsTemplate[] = [
  {
    id: 't0nspur5',
    name: 'Ubuntu 22.04 Server',
    agentType: 'LinuxMachine',
    operatingSystemLabel: 'Ubuntu 22.04',
    defaultSizeGb: 50,
    availableMachineTypes: supported([...CPU_TYPES, ...GPU_TYPES]),
    dtCreated: '2023-04-12T16:03:11.000Z',
  },
  {
    id: 'tqqsxr6b',
    name: 'ML-in-a-Box Ubuntu 22.04',
    agentType: 'LinuxMachine',
    operatingSystemLabel: 'Ubuntu 22.04',
    defaultSizeGb: 100,
    availableMachineTypes: supported(GPU_TYPES),
    dtCreated: '2023-06-28T09:41:52.000Z',
  },
  {
    id: 'tkni3aa4',
    name: 'Ubuntu 20.04 Server',
    agentType: 'LinuxMachine',
    operatingSystemLabel: 'Ubuntu 20.04',
    defaultSizeGb: 50,
    availableMachineTypes: supported([...CPU_TYPES, ...GPU_TYPES]),
    dtCreated: '2021-02-03T12:20:45.000Z',
  },
  {
    id: 'tilqt47t',
    name: 'Windows Server 2019',
    agentType: 'WindowsDesktop',
    operatingSystemLabel: 'Windows Server 2019',
    defaultSizeGb: 50,
    availableMachineTypes: supported(['C5', 'C7', 'P4000', 'RTX4000', 'A4000']),
    dtCreated: '2020-11-17T18:05:30.000Z',
  },
];
