import * as z from 'zod';
import { filesDeleteRule, filesGetRule, filesPutRule } from '../confirm/dataset-files-rules.js';
import type { FilesEnv } from '../files/env.js';
import type { GetArgs } from '../files/get-files.js';
import { fileOps, getOps } from '../files/lazy.js';
import { numberOf, stringOf, stringsOf } from '../types/narrow.js';
import { versionFields } from './datasets.js';
import { bool, entity, input, num, type Operation, PAGING, pageOf } from './define.js';
import { localPath } from './fields.js';

/**
 * The files of a dataset version. The API has no file routes: files live under the version's `url`
 * in the bucket of the dataset's storage provider, reached server-side with the provider's keys
 * (src/files). Routes here name the resource; the handlers do the work.
 */
const path = z.string();
const file = entity({ path: z.string(), size: z.number(), lastModified: z.string().nullable() });
const transferred = z.array(z.object({ path: z.string(), size: z.number() }));

// The handlers read arguments the row's input schema has checked.
type Args = Record<string, unknown>;
const version = (a: Args) => ({ datasetId: String(a.datasetId), version: String(a.version) });

const getArgs = (a: Args): GetArgs => ({
  ...version(a),
  path: stringOf(a.path),
  toPath: stringOf(a.toPath),
  overwrite: a.overwrite === true,
});

export const datasetFilesOperations = [
  {
    name: 'datasets_versions_files_list',
    links: 'file',
    toolset: 'datasets',
    title: 'List version files',
    description: "Lists a dataset version's files: path, size, modified.",
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions/{version}/files',
    legacyVersionId: true,
    composite: true,
    input: input({
      ...versionFields,
      prefix: z.string().optional().describe('Path prefix'),
      limit: num(z.number().int().min(1).max(1000)).optional().describe(PAGING.limit),
      after: z.string().optional().describe(PAGING.after),
    }),
    output: pageOf(file),
    execute: async (a, env: FilesEnv) =>
      (await fileOps()).listFiles(env, {
        ...version(a),
        prefix: stringOf(a.prefix),
        limit: numberOf(a.limit),
        after: stringOf(a.after),
      }),
  },
  {
    name: 'datasets_versions_files_get',
    links: 'file',
    toolset: 'datasets',
    title: 'Get version file',
    description: 'Reads a small text file, or downloads a file or prefix to local toPath.',
    kind: 'read',
    route: 'GET /datasets/{datasetId}/versions/{version}/files',
    legacyVersionId: true,
    composite: true,
    input: input({
      ...versionFields,
      path: path.optional().describe('File or directory; omit for all'),
      toPath: localPath.optional(),
      overwrite: bool().optional().describe('Replace local files'),
    }),
    output: entity({
      path: z.string(),
      size: z.number().optional(),
      text: z.string().optional(),
      savedTo: z.string().optional(),
      files: z.number().optional(),
      bytes: z.number().optional(),
    }),
    // The file's own text: returned byte for byte (a file holding a known secret is refused).
    verbatim: ['text'],
    // A download is a local write: planned before the gate, which asks before replacing a file.
    gated: true,
    confirm: filesGetRule,
    prepare: async (a, env: FilesEnv, planned) => {
      const args = getArgs(a);
      const ops = await getOps();
      ops.refuseLocalWriteWhenReadOnly(env, args);
      if (args.toPath === undefined || planned !== undefined) return planned;
      return ops.planDownload(env, { ...args, toPath: args.toPath });
    },
    execute: async (a, env: FilesEnv, plan) =>
      (await getOps()).getFiles(env, getArgs(a), plan?.kind === 'download' ? plan : undefined),
    task: {
      aftermath: 'Files may be partly written to the local folder: delete the partial files there.',
    },
  },
  {
    name: 'datasets_versions_files_put',
    links: 'file',
    toolset: 'datasets',
    title: 'Upload version files',
    description: 'Uploads local files into an uncommitted version.',
    kind: 'create',
    route: 'PUT /datasets/{datasetId}/versions/{version}/files',
    legacyVersionId: true,
    composite: true,
    input: input({
      ...versionFields,
      fromPath: localPath,
      toPrefix: z.string().optional().describe('Directory in the version'),
    }),
    output: entity({
      datasetId: z.string(),
      version: z.string(),
      files: z.number(),
      bytes: z.number(),
      uploaded: transferred,
    }),
    gated: true,
    confirm: filesPutRule,
    // The local files are planned before the gate: the confirmation names them and the files the
    // upload would replace, and the confirmed call uploads exactly the files planned.
    prepare: async (a, env: FilesEnv, planned) =>
      planned ?? (await fileOps()).planUpload(env, String(a.fromPath), 'fromPath'),
    execute: async (a, env: FilesEnv, plan) =>
      (await fileOps()).putFiles(
        env,
        { ...version(a), fromPath: String(a.fromPath), toPrefix: stringOf(a.toPrefix) },
        plan?.kind === 'upload' ? plan.files : undefined,
      ),
    task: {
      aftermath:
        'Files may be partly uploaded: list them with datasets_versions_files_list and remove unwanted ones with datasets_versions_files_delete.',
    },
  },
  {
    name: 'datasets_versions_files_delete',
    links: 'file',
    toolset: 'datasets',
    title: 'Delete version files',
    description: 'Deletes files of an uncommitted version.',
    kind: 'delete',
    route: 'DELETE /datasets/{datasetId}/versions/{version}/files',
    legacyVersionId: true,
    composite: true,
    input: input({ ...versionFields, paths: z.array(path).min(1).describe('File paths') }),
    output: entity({ datasetId: z.string(), version: z.string(), deleted: z.array(z.string()) }),
    gated: true,
    confirm: filesDeleteRule,
    execute: async (a, env: FilesEnv) =>
      (await fileOps()).deleteFiles(env, { ...version(a), paths: stringsOf(a.paths) }),
  },
] as const satisfies readonly Operation[];
