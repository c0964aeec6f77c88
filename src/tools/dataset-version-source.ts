import { entityOf } from '../client/entity.js';
import { apiPath } from '../client/paths.js';
import type { LocalPlan } from '../confirm/rules.js';
import { FilesError } from '../files/errors.js';
import { createOps, fileOps } from '../files/lazy.js';
import { stringOf } from '../types/narrow.js';
import type { HandlerEnv } from './define.js';

type Args = Record<string, unknown>;

/**
 * datasets_versions_create with `sourcePath`: create, upload, and with `commit` commit, in one call.
 * `prepare` computes the plan (files, bytes, digest of the local file list) before the gate, so
 * the confirmation shows it, its token is bound to it and the upload sends exactly those files;
 * without sourcePath the call is the plain API request.
 */
export const createFromSource = {
  // A plan made already is kept: batch_run plans its items before the confirmation, so that each
  // item's call is held to the files confirmed.
  // The dataset's storage is checked on every call, before anything is asked or created.
  prepare: async (args: Args, env: HandlerEnv, planned?: LocalPlan): Promise<LocalPlan | undefined> => {
    if (typeof args.sourcePath !== 'string') return undefined;
    const plan = planned ?? (await (await fileOps()).planUpload(env, args.sourcePath, 'sourcePath'));
    await (await createOps()).checkDatasetStorage(env, String(args.datasetId));
    return plan;
  },
  execute: async (args: Args, env: HandlerEnv, plan?: LocalPlan): Promise<unknown> => {
    const { sourcePath, commit, ...rest } = args;
    const datasetId = String(args.datasetId);
    if (typeof sourcePath !== 'string') {
      const { datasetId: _id, ...body } = rest;
      if (commit === true) {
        throw new FilesError(
          'commit true needs sourcePath (the files to upload first). Nothing was created.',
        );
      }
      return env.send('POST', apiPath('/datasets/{datasetId}/versions', { datasetId }), body);
    }
    return (await createOps()).createVersionFromSource(
      env,
      {
        datasetId,
        sourcePath,
        commit: commit === true,
        message: stringOf(rest.message),
        tags: stringOf(rest.tags),
        metadata: entityOf(rest.metadata),
      },
      plan?.kind === 'upload' ? plan : undefined,
    );
  },
};
