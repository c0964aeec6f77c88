import type { FilesEnv } from './env.js';
import { FilesError } from './errors.js';
import { planUpload, putFiles, type UploadPlan } from './operations.js';

type Entity = Record<string, unknown>;

/** A message as a sentence, so that the next one can follow it. */
const sentence = (error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
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
 * The Gradient CLI's `versions create --source-path`: creates a version, uploads the local file or
 * tree into it, and commits it when asked. With `planned` (the plan the confirmation showed), the
 * upload sends exactly those files; one changed since refuses when it is opened.
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
  const created = (await env.send(
    'POST',
    `/datasets/${encodeURIComponent(datasetId)}/versions`,
    body,
  )) as Entity;
  const version = String(created.version);
  const id = `${datasetId}:${version}`;
  let upload: Awaited<ReturnType<typeof putFiles>>;
  try {
    upload = await putFiles(env, { datasetId, version, fromPath: args.sourcePath }, plan.files);
  } catch (error) {
    throw new FilesError(
      `Version ${id} was created, but ${sentence(error)} The version is not committed: finish with datasets_versions_files_put, or delete it with datasets_versions_delete.`,
      { cause: error },
    );
  }
  const summary = { files: upload.files, bytes: upload.bytes };
  if (!args.commit) return { ...created, upload: summary };
  try {
    const committed = (await env.send(
      'PUT',
      `/datasets/${encodeURIComponent(datasetId)}/versions/${encodeURIComponent(version)}`,
      { isCommitted: true },
    )) as Entity;
    return { ...committed, upload: summary };
  } catch (error) {
    throw new FilesError(
      `Version ${id} was created and its ${upload.files} file(s) uploaded, but the commit failed: ${sentence(error)} Commit it with datasets_versions_update isCommitted true.`,
      { cause: error },
    );
  }
}
