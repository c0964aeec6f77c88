import * as z from 'zod';
import {
  bool,
  byDefault,
  entity,
  id,
  input,
  nullableBool,
  type Operation,
  pageFields,
  pageOf,
} from './define.js';

/** The S3 settings of a provider, as the create and update requests take them. */
const s3ConfigInput = z
  .strictObject({
    accessKey: z.string().describe('Access key id'),
    bucket: z.string().describe('Bucket name'),
    endpoint: byDefault(z.url().nullable(), null).optional().describe('Endpoint URL; null: AWS'),
    region: z.string().nullable().optional().describe('Bucket region'),
    retainData: nullableBool(false).optional().describe('Keep data when deleted'),
    secretAccessKey: z.string().describe('Secret access key'),
    signatureVersion: z.string().nullable().optional().describe('e.g. v4'),
  })
  .describe('The S3 bucket and keys');
const providerName = z.string().describe('Provider name');
const isTeamDefault = bool().describe("The team's default storage");

const storageProvider = entity({
  id: z.string(),
  isManaged: z.boolean(),
  isTeamDefault: z.boolean().nullable(),
  name: z.string(),
  s3Config: z.looseObject({
    accessKey: z.string(),
    bucket: z.string(),
    endpoint: z.string().nullish(),
    region: z.string().nullish(),
    retainData: z.boolean().nullish(),
    secretAccessKey: z.string(),
    signatureVersion: z.string().nullish(),
  }),
});
const utilization = entity({
  datasetUsage: z.string(),
  modelUsage: z.string(),
  notebookWorkspaceUsage: z.string(),
  remainingFreeStorage: z.string(),
  sharedStorageUsage: z.string(),
  totalFreeStorage: z.string(),
  totalUsage: z.string(),
});

export const storageOperations = [
  {
    name: 'storage_providers_create',
    toolset: 'storage',
    title: 'Create storage provider',
    description: 'Connects an S3-compatible bucket as storage for datasets and models.',
    kind: 'create',
    confirm: { never: 'Adds a provider; nothing existing changes. Replacing its keys (update) is gated.' },
    route: 'POST /storage-providers',
    input: input({
      name: providerName,
      storageProviderType: z.enum(['s3']).describe('Provider type'),
      isTeamDefault: isTeamDefault.optional(),
      s3Config: s3ConfigInput,
    }),
    output: storageProvider,
  },
  {
    name: 'storage_providers_list',
    toolset: 'storage',
    title: 'List storage providers',
    description: "Lists the team's storage providers (managed and S3).",
    kind: 'read',
    route: 'GET /storage-providers',
    input: input({ ...pageFields(['dtCreated']) }),
    output: pageOf(storageProvider),
  },
  {
    name: 'storage_providers_update',
    toolset: 'storage',
    title: 'Update storage provider',
    description: 'Changes a storage provider; the new keys replace the old ones.',
    kind: 'update',
    route: 'PUT /storage-providers/{id}',
    input: input({
      id: id('storage provider'),
      name: providerName,
      isTeamDefault: isTeamDefault.optional(),
      s3Config: s3ConfigInput,
    }),
    output: storageProvider,
    gated: true,
    confirm: {
      why: 'Replaces S3 credentials that cannot be read back.',
      undo: 'The S3 credentials are replaced and cannot be read back.',
    },
  },
  {
    name: 'storage_providers_get',
    toolset: 'storage',
    title: 'Get storage provider',
    description: 'Returns a storage provider (secret key redacted).',
    kind: 'read',
    route: 'GET /storage-providers/{id}',
    input: input({ id: id('storage provider') }),
    output: storageProvider,
  },
  {
    name: 'storage_providers_delete',
    toolset: 'storage',
    title: 'Delete storage provider',
    description: 'Deletes a storage provider.',
    kind: 'delete',
    route: 'DELETE /storage-providers/{id}',
    input: input({ id: id('storage provider') }),
    output: entity({ id: z.string() }),
    gated: true,
    confirm: {
      why: 'Datasets and models on it lose their storage.',
      undo: 'Cannot be undone: datasets and models on it lose their storage.',
    },
  },
  {
    name: 'storage_utilization_get',
    toolset: 'storage',
    title: 'Get storage utilization',
    description: 'Returns the bytes of storage the team uses, by kind, and the free storage left.',
    kind: 'read',
    route: 'GET /storage-providers/utilization',
    input: input({}),
    output: utilization,
  },
] as const satisfies readonly Operation[];
