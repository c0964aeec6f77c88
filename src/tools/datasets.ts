import * as z from 'zod';
import { createFromSourceRule } from '../confirm/dataset-files-rules.js';
import { datasetsDeleteRule, datasetsVersionsUpdateRule } from '../confirm/rules.js';
import { createFromSource } from './dataset-version-source.js';
import { bool, byDefault, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import {
  description,
  isPublic,
  localPath,
  metadata,
  nameOf,
  ref,
  storageProviderId,
  tags,
} from './fields.js';

const datasetId = ref('dataset');

/**
 * Version path fields of the rows that say `legacyVersionId`: the Gradient CLI's `dsXXXX:version`
 * form in datasetId makes version optional, and the description says so wherever it is accepted.
 */
export const versionFields = {
  datasetId: z.string().describe('Dataset id, or id:version'),
  version: z.string().optional().describe('Version id'),
};

const message = z.string().describe('Version message');

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
    links: 'dataset',
    toolset: 'datasets',
    title: 'Create dataset',
    description: 'Creates a dataset; add data with datasets_versions_create.',
    kind: 'create',
    confirm: { never: 'Creates an empty dataset.' },
    route: 'POST /datasets',
    input: input({
      name: nameOf('dataset'),
      description: description.optional(),
      storageProviderId: storageProviderId.optional(),
      isPublic: isPublic.optional(),
    }),
    output: dataset,
  },
  {
    name: 'datasets_list',
    links: 'dataset',
    toolset: 'datasets',
    title: 'List datasets',
    description: "Lists the team's datasets.",
    kind: 'read',
    route: 'GET /datasets',
    input: input({
      ...pageFields(['dtCreated']),
      teamId: ref('team').optional(),
      privacy: byDefault(z.enum(['PUBLIC', 'PRIVATE']), 'PRIVATE')
        .optional()
        .describe('PUBLIC: public datasets'),
    }),
    output: pageOf(dataset),
  },
  {
    name: 'datasets_get',
    links: 'dataset',
    toolset: 'datasets',
    title: 'Get dataset',
    description: 'Returns a dataset; versions: datasets_versions_list.',
    kind: 'read',
    route: 'GET /datasets/{id}',
    input: input({ id: id('dataset') }),
    output: dataset,
  },
  {
    name: 'datasets_delete',
    links: 'dataset',
    toolset: 'datasets',
    title: 'Delete dataset',
    description: 'Deletes a dataset and all its versions.',
    kind: 'delete',
    route: 'DELETE /datasets/{id}',
    input: input({ id: id('dataset') }),
    output: entity({ id: z.string() }),
    gated: true,
    confirm: datasetsDeleteRule,
  },
  {
    name: 'datasets_update',
    links: 'dataset',
    toolset: 'datasets',
    title: 'Update dataset',
    description: "Changes a dataset's name or description.",
    kind: 'update',
    confirm: { never: 'Changes name or description; the old ones can be set back.' },
    route: 'PUT /datasets/{id}',
    input: input({
      id: id('dataset'),
      name: nameOf('dataset').optional(),
      description: description.optional(),
    }),
    output: dataset,
  },
  {
    name: 'datasets_versions_create',
    links: 'version',
    toolset: 'datasets',
    title: 'Create dataset version',
    description: 'Creates an uncommitted version; may upload local files and commit.',
    kind: 'create',
    route: 'POST /datasets/{datasetId}/versions',
    input: input({
      datasetId,
      message: message.optional(),
      tags: tags.optional(),
      metadata: metadata.optional(),
      sourcePath: localPath.optional(),
      commit: bool().optional().describe('Commit after upload'),
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
    confirm: createFromSourceRule,
    ...createFromSource,
    task: {
      aftermath:
        'The version may exist with files partly uploaded: check it with datasets_versions_get and remove it with datasets_versions_delete.',
      when: (args) => args.sourcePath !== undefined,
    },
  },
  {
    name: 'datasets_versions_list',
    links: 'version',
    toolset: 'datasets',
    title: 'List dataset versions',
    description: "Lists a dataset's versions: committed, size, tags.",
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions',
    input: input({
      datasetId,
      ...pageFields(['dtCreated']),
      tags: tags.optional(),
    }),
    output: pageOf(datasetVersion),
  },
  {
    name: 'datasets_versions_get',
    links: 'version',
    toolset: 'datasets',
    title: 'Get dataset version',
    description: 'Returns a dataset version: committed, size, tags.',
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions/{version}',
    legacyVersionId: true,
    input: input({ ...versionFields }),
    output: datasetVersion,
  },
  {
    name: 'datasets_versions_delete',
    links: 'version',
    toolset: 'datasets',
    title: 'Delete dataset version',
    description: 'Deletes one version of a dataset.',
    kind: 'delete',
    route: 'DELETE /datasets/{datasetId}/versions/{version}',
    legacyVersionId: true,
    input: input({ ...versionFields }),
    output: entity({ datasetId: z.string(), version: z.string() }),
    gated: true,
    confirm: { why: 'Deletes a version and its files.', undo: 'Cannot be undone.' },
  },
  {
    name: 'datasets_versions_update',
    links: 'version',
    toolset: 'datasets',
    title: 'Update dataset version',
    description: 'Edits a version, or commits it.',
    kind: 'update',
    route: 'PUT /datasets/{datasetId}/versions/{version}',
    legacyVersionId: true,
    input: input({
      ...versionFields,
      message: message.optional(),
      tags: tags.optional(),
      metadata: metadata.optional(),
      isCommitted: bool().optional().describe('true commits (freezes files)'),
    }),
    output: datasetVersion,
    gated: true,
    confirm: datasetsVersionsUpdateRule,
  },
] as const satisfies readonly Operation[];
