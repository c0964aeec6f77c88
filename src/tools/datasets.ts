import * as z from 'zod';
import { createFromSource } from './dataset-version-source.js';
import { bool, byDefault, entity, id, input, type Operation, pageFields, pageOf } from './define.js';

/** Version path fields; the legacy `dsXXXX:version` form in datasetId makes version optional. */
export const versionFields = {
  // The server's instructions say once that datasetId may be "dsXXXX:version" without version.
  datasetId: z.string(),
  version: z.string().optional(),
};

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
    description: 'Creates a dataset; add data with datasets_versions_create.',
    kind: 'create',
    route: 'POST /datasets',
    input: input({
      name: z.string(),
      description: z.string().nullable().optional(),
      storageProviderId: z.string().optional(),
      isPublic: bool().optional(),
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
      teamId: z.string().optional(),
      privacy: byDefault(z.enum(['PUBLIC', 'PRIVATE']), 'PRIVATE').optional(),
    }),
    output: pageOf(dataset),
  },
  {
    name: 'datasets_get',
    toolset: 'datasets',
    title: 'Get dataset',
    description: 'Returns one dataset by id; its versions: datasets_versions_list.',
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
    gated: true,
  },
  {
    name: 'datasets_update',
    toolset: 'datasets',
    title: 'Update dataset',
    description: "Changes a dataset's name or description.",
    kind: 'update',
    route: 'PUT /datasets/{id}',
    input: input({
      id: id('dataset'),
      name: z.string().optional(),
      description: z.string().nullable().optional(),
    }),
    output: dataset,
  },
  {
    name: 'datasets_versions_create',
    toolset: 'datasets',
    title: 'Create dataset version',
    description:
      'Creates an uncommitted dataset version; sourcePath uploads local files, then commit true commits.',
    kind: 'create',
    route: 'POST /datasets/{datasetId}/versions',
    input: input({
      datasetId: z.string(),
      message: z.string().optional(),
      tags: z.string().optional().describe('Comma-separated tags.'),
      metadata: z.record(z.string(), z.unknown()).optional(),
      sourcePath: z.string().optional(),
      commit: bool().optional(),
    }),
    output: datasetVersion,
    extraInputs: {
      sourcePath:
        'A local file or directory inside the files root, uploaded into the new version (the Gradient CLI --source-path).',
      commit: 'Commits the version after the upload of sourcePath.',
    },
    // Gated only for sourcePath with commit true or into a public dataset (see its confirmation
    // rule): plain creates run as is.
    gated: true,
    ...createFromSource,
  },
  {
    name: 'datasets_versions_list',
    toolset: 'datasets',
    title: 'List dataset versions',
    description: 'Lists the versions of a dataset (committed or not, size, tags).',
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions',
    input: input({
      datasetId: z.string(),
      ...pageFields(['dtCreated']),
      tags: z.string().optional().describe('Comma-delimited tags.'),
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
    legacyVersionId: true,
    input: input({ ...versionFields }),
    output: datasetVersion,
  },
  {
    name: 'datasets_versions_delete',
    toolset: 'datasets',
    title: 'Delete dataset version',
    description: 'Deletes one version of a dataset.',
    kind: 'delete',
    route: 'DELETE /datasets/{datasetId}/versions/{version}',
    legacyVersionId: true,
    input: input({ ...versionFields }),
    output: entity({ datasetId: z.string(), version: z.string() }),
    gated: true,
  },
  {
    name: 'datasets_versions_update',
    toolset: 'datasets',
    title: 'Update dataset version',
    description: 'Changes the message, tags or metadata of a version, or commits it (isCommitted true).',
    kind: 'update',
    route: 'PUT /datasets/{datasetId}/versions/{version}',
    legacyVersionId: true,
    input: input({
      ...versionFields,
      message: z.string().optional(),
      tags: z.string().optional().describe('Comma-separated tags.'),
      metadata: z.record(z.string(), z.unknown()).optional(),
      isCommitted: bool().optional(),
    }),
    output: datasetVersion,
    gated: true,
  },
] as const satisfies readonly Operation[];
