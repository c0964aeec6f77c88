import { entityOf, isEntity } from '../client/entity.js';
import { apiPath } from '../client/paths.js';
import { FilesError } from '../files/errors.js';
import { fileOps } from '../files/lazy.js';
import { storageOf } from '../files/storage-context.js';
import { stringOf, stringsOf } from '../types/narrow.js';
import { inline, quoted } from '../untrusted.js';
import type { ConfirmRule, Entity, Get, LocalPlan } from './rules.js';

/** Lines of a preview that list files; longer lists end with a count. */
const SHOWN = 20;
/** A local path in a preview is cut to this many characters: twenty of them fit in one preview. */
const LOCAL_PATH_CHARS = 80;

/** The parts of an upload plan (files/operations.ts UploadPlan) a preview shows. */
interface Upload {
  source: string;
  files: Array<{ rel: string; shown: string; size: number }>;
  bytes: number;
  digest: string;
}

const uploadOf = (plan: LocalPlan | undefined) => (plan?.kind === 'upload' ? plan : undefined);

/**
 * Whether a dataset is public, as the API reports it now. Unknown counts as public: the gate then
 * asks (fail closed).
 */
async function isPublic(get: Get, datasetId: unknown): Promise<boolean> {
  const dataset = entityOf(await get(apiPath('/datasets/{id}', { id: String(datasetId) })));
  return dataset?.isPublic !== false;
}

/**
 * The files a target lists (the fetches below build them), each by its path under `key` and its
 * size (null: not found).
 */
function filesOf(target: Entity, key: 'path' | 'shown'): Array<{ path: string; size: number | null }> {
  const files = Array.isArray(target.files) ? target.files.filter(isEntity) : [];
  return files.map((f) => ({ path: String(f[key]), size: typeof f.size === 'number' ? f.size : null }));
}

/** Where an upload's data goes, and which local files, named relative to their root. */
function uploadFacts(plan: Upload | undefined, isPublicNow: boolean): string[] {
  if (!plan) return [];
  const where = isPublicNow
    ? 'a PUBLIC dataset: anyone can read and download them'
    : 'a private dataset: your team can read them';
  return fileList(
    `Uploads ${plan.files.length} local file(s), ${plan.bytes} bytes in all, into ${where}. Local files (relative to the files root):`,
    plan.files.map((f) => ({ path: f.shown, size: f.size })),
    'bytes',
    LOCAL_PATH_CHARS,
  );
}

/**
 * Create-and-upload asks when it commits (a committed version is frozen) or when the dataset is
 * public (the files are published). The plan (files, bytes, digest of the local file list) is the
 * target, so a token is refused when the files change.
 */
export const createFromSourceRule: ConfirmRule = {
  why: 'Only with commit (a committed version is frozen for good) or into a public dataset (anyone can read the files).',
  fetch: async (args, get, planned) => {
    const plan = uploadOf(planned);
    if (!plan) return null;
    return {
      name: `${plan.files.length} file(s) from ${plan.source}`,
      size: plan.bytes,
      digest: plan.digest,
      isPublic: await isPublic(get, args.datasetId),
    };
  },
  when: (args, target) =>
    typeof args.sourcePath === 'string' && (args.commit === true || target?.isPublic === true),
  facts: async (args, target, _get, plan) => [
    `Plan: create a new version of dataset ${inline(args.datasetId)}, upload ${inline(target.name, 400)} (${inline(target.size)} bytes)${args.commit === true ? ', then commit it' : ''}.`,
    ...uploadFacts(uploadOf(plan), target.isPublic === true),
    'Bound to these files: if any is added, removed or modified before the confirmed call, it is refused.',
  ],
  undo: 'A commit cannot be taken back, and files in a public dataset may be read at once.',
};

/**
 * The files a change names, as the version holds them now, for the gate: a storage failure or a
 * committed version refuses before anything is asked or sent (`verb`: what would not happen).
 */
async function uncommittedFiles<F>(
  described: Promise<{ storage: { datasetId: string; version: string; isCommitted: boolean }; files: F[] }>,
  verb: 'deleted' | 'uploaded',
): Promise<Entity> {
  const { storage, files } = await described.catch((error: unknown) => {
    if (error instanceof FilesError) throw new FilesError(`${error.message} Nothing was changed.`);
    throw error;
  });
  if (storage.isCommitted) {
    throw new FilesError(
      `Version ${storage.datasetId}:${storage.version} is committed, so its files cannot change: nothing was ${verb}.`,
    );
  }
  return { name: `${storage.datasetId}:${storage.version}`, isCommitted: false, files };
}

/** A preview's file list: a heading, then one line per file (path escaped), at most SHOWN of them. */
function fileList(
  heading: string,
  files: Array<{ path: string; size: number | null }>,
  sized: string,
  max = 400,
): string[] {
  const lines = files
    .slice(0, SHOWN)
    .map((f) => `- ${quoted(f.path, max)} ${f.size === null ? '(not found)' : `(${f.size} ${sized})`}`);
  if (files.length > SHOWN) lines.push(`- … and ${files.length - SHOWN} more`);
  return [heading, ...lines];
}

/** Deleting files: the preview lists each path with its size now; a committed version is refused first. */
export const filesDeleteRule: ConfirmRule = {
  why: 'Deletes files from the version.',
  fetch: async (args, get) =>
    uncommittedFiles(
      (await fileOps()).describeDeletion(storageOf(get), {
        datasetId: String(args.datasetId),
        version: String(args.version),
        paths: stringsOf(args.paths),
      }),
      'deleted',
    ),
  facts: async (_args, target) => {
    const files = filesOf(target, 'path');
    return fileList(`Deletes ${files.length} file(s):`, files, 'bytes');
  },
  undo: 'Cannot be undone: the files are deleted from the bucket.',
};

/**
 * Uploading: asks when the dataset is public (the preview says so and lists the local files) or
 * when a planned file would replace one already in the version (listed with its size now). The
 * target carries the local files' digest, so a token is refused when the local files, the files
 * to be replaced or the dataset's visibility change before the confirmed call.
 */
export const filesPutRule: ConfirmRule = {
  why: 'Only into a public dataset (anyone can read the files) or when it would replace files already in the version (same path): their content is lost.',
  fetch: async (args, get, planned) => {
    const plan = uploadOf(planned);
    // Not planned: what it sends and replaces cannot be checked, so the gate asks.
    if (!plan) return undefined;
    const target = await uncommittedFiles(
      (await fileOps()).describeOverwrite(storageOf(get), {
        datasetId: String(args.datasetId),
        version: String(args.version),
        toPrefix: stringOf(args.toPrefix),
        rels: plan.files.map((f) => f.rel),
      }),
      'uploaded',
    );
    return { ...target, digest: plan.digest, isPublic: await isPublic(get, args.datasetId) };
  },
  when: (_args, target) =>
    target?.isPublic === true || (Array.isArray(target?.files) && target.files.length > 0),
  facts: async (_args, target, _get, plan) => {
    const replaced = filesOf(target, 'path');
    return [
      ...uploadFacts(uploadOf(plan), target.isPublic === true),
      ...(replaced.length > 0
        ? fileList(`Replaces ${replaced.length} file(s) already in the version:`, replaced, 'bytes now')
        : []),
    ];
  },
  undo: "Cannot be undone: files in a public dataset may be read at once, and replaced files' content is gone.",
};

/**
 * Downloading to a local path: a new file is written directly; replacing existing local files
 * (overwrite true) asks, names each with its size now, and the target is bound to their sizes and
 * modification times, so a token is refused when any of them changes before the confirmed call.
 */
export const filesGetRule: ConfirmRule = {
  why: 'Only when it would replace local files (overwrite): their content is lost.',
  risky: (args) => typeof args.toPath === 'string' && args.overwrite === true,
  fetch: async (_args, _get, planned) => {
    const plan = planned?.kind === 'download' ? planned : undefined;
    // Not planned: what it replaces cannot be checked, so the gate asks.
    if (!plan) return undefined;
    return {
      name: plan.savedTo,
      files: plan.replace.map(({ shown, size, mtimeMs }) => ({ shown, size, mtimeMs })),
    };
  },
  when: (_args, target) => Array.isArray(target?.files) && target.files.length > 0,
  facts: async (_args, target) => {
    const files = filesOf(target, 'shown');
    return fileList(
      `Replaces ${files.length} local file(s) (relative to the files root):`,
      files,
      'bytes now',
      LOCAL_PATH_CHARS,
    );
  },
  undo: "Cannot be undone: the local files' content is replaced.",
};
