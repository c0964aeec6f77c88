import * as z from 'zod';
import { bool, entity, id, input, type Operation, pageFields, pageOf } from './define.js';

const dataset = entity({
  description: z.string().nullable(),
  dtCreated: z.string(),
  dtModified: z.string(),
  id: z.string(),
  isPublic: z.boolean(),
  name: z.string().nullable(),
  storageProviderId: z.string().nullable(),
  teamId: z.string(),
});
const datasetVersion = entity({
  datasetId: z.string(),
  dtCreated: z.string(),
  dtModified: z.string(),
  isCommitted: z.boolean(),
  message: z.string().nullable(),
  metadata: z.looseObject({}).nullable(),
  tags: z.array(z.string()),
  url: z.string().nullable(),
  usageBytes: z.string().nullable(),
  userId: z.string().nullable(),
  version: z.string(),
});

export const datasetsOperations = [
  {
    name: 'datasets_create',
    toolset: 'datasets',
    title: 'Create dataset',
    description:
      'Creates a dataset (name, description, public or private, optional storage provider). Add data by creating a version with datasets_versions_create.',
    kind: 'create',
    route: 'POST /datasets',
    input: input({
      name: z.string().describe('The name of the dataset'),
      description: z.string().nullable().optional().describe('The description of the dataset'),
      storageProviderId: z.string().optional().describe('The ID of the storage provider'),
      isPublic: bool().describe('Whether the dataset is public'),
    }),
    output: dataset,
  },
  {
    name: 'datasets_list',
    toolset: 'datasets',
    title: 'List datasets',
    description: "Lists the team's datasets (or public ones with privacy PUBLIC).",
    kind: 'read',
    route: 'GET /datasets',
    input: input({
      ...pageFields(['dtCreated']),
      teamId: z.string().optional().describe('Filter: only items whose teamId is this.'),
      privacy: z
        .enum(['PUBLIC', 'PRIVATE'])
        .optional()
        .describe('Filter: only items whose privacy is this (default "PRIVATE").'),
    }),
    output: pageOf(dataset),
  },
  {
    name: 'datasets_get',
    toolset: 'datasets',
    title: 'Get dataset',
    description:
      'Returns one dataset by id. Find ids with datasets_list; its versions with datasets_versions_list.',
    kind: 'read',
    route: 'GET /datasets/{id}',
    input: input({ id: id('dataset') }),
    output: dataset,
  },
  {
    name: 'datasets_delete',
    toolset: 'datasets',
    title: 'Delete dataset',
    description: 'Deletes a dataset together with all its versions.',
    kind: 'delete',
    route: 'DELETE /datasets/{id}',
    input: input({ id: id('dataset') }),
    output: entity({ id: z.string() }),
    destructive: true,
  },
  {
    name: 'datasets_update',
    toolset: 'datasets',
    title: 'Update dataset',
    description: "Changes a dataset's name or description. Find ids with datasets_list.",
    kind: 'update',
    route: 'PUT /datasets/{id}',
    input: input({
      id: id('dataset'),
      name: z.string().optional().describe('The name of the dataset'),
      description: z.string().nullable().optional().describe('The description of the dataset'),
    }),
    output: dataset,
  },
  {
    name: 'datasets_versions_create',
    toolset: 'datasets',
    title: 'Create dataset version',
    description:
      'Creates a new, uncommitted version of a dataset with an optional message, tags and metadata. Upload files to it, then commit it with datasets_versions_update isCommitted true.',
    kind: 'create',
    route: 'POST /datasets/{datasetId}/versions',
    input: input({
      datasetId: z.string().min(1).describe('The ID of the dataset'),
      message: z.string().optional().describe('The description of the dataset version'),
      tags: z.string().optional().describe('The tags for the version, comma-delimited'),
      metadata: z.record(z.string(), z.unknown()).optional().describe('Metadata for the version.'),
    }),
    output: datasetVersion,
  },
  {
    name: 'datasets_versions_list',
    toolset: 'datasets',
    title: 'List dataset versions',
    description:
      'Lists the versions of a dataset (committed or not, size, tags), optionally filtered by tags.',
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions',
    input: input({
      datasetId: z.string().min(1).describe('The ID of the dataset'),
      ...pageFields(['dtCreated']),
      tags: z.string().optional().describe('Filter: only items whose tags is this.'),
    }),
    output: pageOf(datasetVersion),
  },
  {
    name: 'datasets_versions_get',
    toolset: 'datasets',
    title: 'Get dataset version',
    description: 'Returns one dataset version: commit state, size, message, tags, metadata.',
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions/{version}',
    input: input({
      datasetId: z.string().min(1).describe('The ID of the dataset'),
      version: z.string().min(1).describe('The version of the dataset'),
    }),
    output: datasetVersion,
  },
  {
    name: 'datasets_versions_delete',
    toolset: 'datasets',
    title: 'Delete dataset version',
    description: 'Deletes one version of a dataset and its files.',
    kind: 'delete',
    route: 'DELETE /datasets/{datasetId}/versions/{version}',
    input: input({
      datasetId: z.string().min(1).describe('The ID of the dataset'),
      version: z.string().min(1).describe('The version of the dataset'),
    }),
    output: entity({ datasetId: z.string(), version: z.string() }),
    destructive: true,
  },
  {
    name: 'datasets_versions_update',
    toolset: 'datasets',
    title: 'Update dataset version',
    description:
      'Changes the message, tags or metadata of a dataset version, or commits it (isCommitted true), which freezes it.',
    kind: 'update',
    route: 'PUT /datasets/{datasetId}/versions/{version}',
    input: input({
      datasetId: z.string().min(1).describe('The ID of the dataset'),
      version: z.string().min(1).describe('The version of the dataset'),
      message: z.string().optional().describe('The description of the dataset version'),
      tags: z.string().optional().describe('The tags for the version, comma-delimited'),
      metadata: z.record(z.string(), z.unknown()).optional().describe('Metadata for the version.'),
      isCommitted: bool().optional().describe('Whether the version is committed'),
    }),
    output: datasetVersion,
    destructive: true,
  },
] as const satisfies readonly Operation[];
