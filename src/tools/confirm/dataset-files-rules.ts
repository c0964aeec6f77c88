import { FilesError } from '../../files/errors.js';
import { fileOps } from '../../files/lazy.js';
import { PLAN } from '../dataset-version-source.js';
import type { ConfirmRule, Entity } from './rules.js';
import { inline, quoted } from './text.js';

/** Lines of a preview that list files; longer lists end with a count. */
const SHOWN = 20;

interface Plan {
  source: string;
  files: number;
  bytes: number;
  digest: string;
}

/**
 * Create-and-upload is confirmed only when it also commits: the plan (files, bytes, digest of the
 * local file list) is the target, so a token is refused when the files change.
 */
export const createFromSourceRule: ConfirmRule = {
  why: 'Only with commit: a committed version is frozen for good.',
  fetch: async (args) => {
    const plan = args[PLAN] as Plan | undefined;
    return plan
      ? { name: `${plan.files} file(s) from ${plan.source}`, size: plan.bytes, digest: plan.digest }
      : null;
  },
  when: (args) => args.commit === true && typeof args.sourcePath === 'string',
  facts: async (args, target) => [
    `Plan: create a new version of dataset ${inline(args.datasetId)}, upload ${inline(target.name, 400)} (${inline(target.size)} bytes), then commit it.`,
    'Bound to these files: if any is added, removed or modified before the confirmed call, it is refused.',
  ],
  undo: "A commit cannot be taken back: the version's files are frozen.",
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
): string[] {
  const lines = files
    .slice(0, SHOWN)
    .map((f) => `- ${quoted(f.path, 400)} ${f.size === null ? '(not found)' : `(${f.size} ${sized})`}`);
  if (files.length > SHOWN) lines.push(`- … and ${files.length - SHOWN} more`);
  return [heading, ...lines];
}

/** Deleting files: the preview lists each path with its size now; a committed version is refused first. */
export const filesDeleteRule: ConfirmRule = {
  why: 'Deletes files from the version.',
  fetch: async (args, get) =>
    uncommittedFiles(
      (await fileOps()).describeDeletion(
        { get },
        { datasetId: String(args.datasetId), version: String(args.version), paths: args.paths as string[] },
      ),
      'deleted',
    ),
  facts: async (_args, target) => {
    const files = target.files as Array<{ path: string; size: number | null }>;
    return fileList(`Deletes ${files.length} file(s):`, files, 'bytes');
  },
  undo: 'Cannot be undone: the files are deleted from the bucket.',
};

/**
 * Uploading: harmless into free paths; asks when a planned file would replace one already in the
 * version (listed with its size now). The target carries the local files' digest, so a token is
 * refused when the local files or the files to be replaced change before the confirmed call.
 */
export const filesPutRule: ConfirmRule = {
  why: 'Only when it would replace files already in the version (same path): their content is lost.',
  fetch: async (args, get) => {
    const plan = args[PLAN] as { files: Array<{ rel: string }>; digest: string } | undefined;
    // Not planned: what it replaces cannot be checked, so the gate asks.
    if (!plan) return undefined;
    const target = await uncommittedFiles(
      (await fileOps()).describeOverwrite(
        { get },
        {
          datasetId: String(args.datasetId),
          version: String(args.version),
          toPrefix: args.toPrefix as string | undefined,
          rels: plan.files.map((f) => f.rel),
        },
      ),
      'uploaded',
    );
    return { ...target, digest: plan.digest };
  },
  when: (_args, target) => Array.isArray(target?.files) && target.files.length > 0,
  facts: async (_args, target) => {
    const files = target.files as Array<{ path: string; size: number }>;
    return fileList(`Replaces ${files.length} file(s) already in the version:`, files, 'bytes now');
  },
  undo: "Cannot be undone: the replaced files' content is gone.",
};
