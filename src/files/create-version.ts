import { type Entity, entityOf } from '../client/entity.js';
import { ApiError, describeApiError } from '../client/errors.js';
import { type ApiPath, apiPath } from '../client/paths.js';
import { ident, quoted } from '../untrusted.js';
import { checkEndpoint } from './endpoint-guard.js';
import type { FilesEnv } from './env.js';
import { FilesError } from './errors.js';
import { planUpload, putFiles, type UploadPlan } from './operations.js';
import { resolveDatasetStorage } from './resolve.js';
import { StorageRefusal } from './storage-errors.js';

/** A message as a sentence, so that the next one can follow it (the API's own words quoted). */
const sentence = (error: unknown) => {
  const text =
    error instanceof ApiError
      ? describeApiError(error)
      : error instanceof Error
        ? error.message
        : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

/** An API failure in a few words: its status and the API's message, quoted as data. */
const apiFailure = (error: unknown) => {
  return error instanceof ApiError
    ? `Paperspace API error ${error.status}: ${quoted(error.message)}`
    : quoted(error instanceof Error ? error.message : error);
};

export interface CreateFromSourceArgs {
  datasetId: string;
  sourcePath: string;
  commit?: boolean;
  message?: string;
  tags?: string;
  metadata?: Record<string, unknown>;
}

/**
 * What must hold before a version is created for files: the dataset's storage is reachable by
 * this server (its own S3 bucket, with keys, at an endpoint this caller may reach). Run before the
 * gate, so nothing is asked, created or sent for a dataset whose files cannot move.
 */
export async function checkDatasetStorage(env: Pick<FilesEnv, 'get' | 'storage'>, datasetId: string) {
  const storage = await resolveDatasetStorage(env.get, datasetId);
  if (storage.endpoint === null) return;
  await checkEndpoint(env.storage.limits, storage.endpoint).catch((error: unknown) => {
    if (!(error instanceof StorageRefusal)) throw error;
    throw new FilesError(`Storage provider ${storage.provider} of dataset ${datasetId}: ${error.message}`);
  });
}

/**
 * The Gradient CLI's `versions create --source-path`: creates a version, uploads the local file or
 * tree into it, and commits it when asked. With `planned` (the plan the confirmation showed), the
 * upload sends exactly those files; one changed since refuses when it is opened. A version whose
 * upload fails (or is cancelled) is deleted again; one that cannot be is named in the error.
 */
export async function createVersionFromSource(
  env: FilesEnv,
  args: CreateFromSourceArgs,
  planned?: UploadPlan,
): Promise<Entity> {
  const now = await planUpload(env, args.sourcePath, 'sourcePath');
  if (planned !== undefined && now.digest !== planned.digest) {
    throw new FilesError(
      'The files under sourcePath changed since the confirmation (paths, sizes or modification times): nothing was created. Call again for a fresh confirmation.',
    );
  }
  const plan = planned ?? now;
  const { datasetId, message, tags, metadata } = args;
  const body: Entity = {};
  if (message !== undefined) body.message = message;
  if (tags !== undefined) body.tags = tags;
  if (metadata !== undefined) body.metadata = metadata;
  const path = apiPath('/datasets/{datasetId}/versions', { datasetId });
  // Not cancelled half-way: a cancellation now would leave a version nobody hears of; once it
  // is created, a cancelled call deletes it again (the upload stops at once, see below).
  const created = entityOf(await env.send('POST', path, body, { detached: true })) ?? {};
  const version = String(created.version);
  // Filled where it is sent: a version id the API made up that breaks the id rule fails that step.
  const versionPath = () => apiPath('/datasets/{datasetId}/versions/{version}', { datasetId, version });
  const id = `${datasetId}:${ident(version)}`;
  let upload: Awaited<ReturnType<typeof putFiles>>;
  try {
    upload = await putFiles(env, { datasetId, version, fromPath: args.sourcePath }, plan.files);
  } catch (error) {
    throw await removeVersion(env, versionPath, id, created.url, error);
  }
  const summary = { files: upload.files, bytes: upload.bytes };
  if (!args.commit) return { ...created, upload: summary };
  try {
    const committed = entityOf(await env.send('PUT', versionPath(), { isCommitted: true })) ?? {};
    return { ...committed, upload: summary };
  } catch (error) {
    throw new FilesError(
      `Version ${id} was created and its ${upload.files} file(s) uploaded, but the commit failed: ${sentence(error)} Commit it with datasets_versions_update isCommitted true.`,
      { cause: error },
    );
  }
}

/**
 * After a failed upload: deletes the version just created (even when the call was cancelled), and
 * returns the error that says what was done.
 */
async function removeVersion(env: FilesEnv, path: () => ApiPath, id: string, url: unknown, failure: unknown) {
  const leftovers =
    typeof url === 'string' && url !== ''
      ? ` Files uploaded before the failure, if any, stay in the bucket under ${url}.`
      : '';
  try {
    await env.send('DELETE', path(), undefined, { detached: true });
  } catch (error) {
    return new FilesError(
      `Version ${id} was created, but ${sentence(failure)} Deleting the version failed too (${apiFailure(error)}) so it is left, uncommitted: delete it with datasets_versions_delete, or upload into it with datasets_versions_files_put.`,
      { cause: failure },
    );
  }
  return new FilesError(
    `Version ${id} was created, the upload failed, and the version was deleted again, so no version is left.${leftovers} ${sentence(failure)}`,
    { cause: failure, settled: true },
  );
}
