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

/** Deleting files: the preview lists each path with its size now; a committed version is refused first. */
export const filesDeleteRule: ConfirmRule = {
  why: 'Deletes files from the version.',
  fetch: async (args, get) => {
    const { storage, files } = await (await fileOps())
      .describeDeletion(
        { get },
        { datasetId: String(args.datasetId), version: String(args.version), paths: args.paths as string[] },
      )
      .catch((error: unknown) => {
        if (error instanceof FilesError) throw new FilesError(`${error.message} Nothing was changed.`);
        throw error;
      });
    if (storage.isCommitted) {
      throw new FilesError(
        `Version ${storage.datasetId}:${storage.version} is committed, so its files cannot change: nothing was deleted.`,
      );
    }
    return { name: `${storage.datasetId}:${storage.version}`, isCommitted: false, files } as Entity;
  },
  facts: async (_args, target) => {
    const files = target.files as Array<{ path: string; size: number | null }>;
    const lines = files
      .slice(0, SHOWN)
      .map((f) => `- ${quoted(f.path, 400)} ${f.size === null ? '(not found)' : `(${f.size} bytes)`}`);
    if (files.length > SHOWN) lines.push(`- … and ${files.length - SHOWN} more`);
    return [`Deletes ${files.length} file(s):`, ...lines];
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
    const datasetId = String(args.datasetId);
    const version = String(args.version);
    const { storage, files } = await (await fileOps())
      .describeOverwrite(
        { get },
        {
          datasetId,
          version,
          toPrefix: args.toPrefix as string | undefined,
          rels: plan.files.map((f) => f.rel),
        },
      )
      .catch((error: unknown) => {
        if (error instanceof FilesError) throw new FilesError(`${error.message} Nothing was changed.`);
        throw error;
      });
    if (storage.isCommitted) {
      throw new FilesError(
        `Version ${storage.datasetId}:${storage.version} is committed, so its files cannot change: nothing was uploaded.`,
      );
    }
    return {
      name: `${storage.datasetId}:${storage.version}`,
      isCommitted: false,
      files,
      digest: plan.digest,
    };
  },
  when: (_args, target) => Array.isArray(target?.files) && target.files.length > 0,
  facts: async (_args, target) => {
    const files = target.files as Array<{ path: string; size: number }>;
    const lines = files.slice(0, SHOWN).map((f) => `- ${quoted(f.path, 400)} (${f.size} bytes now)`);
    if (files.length > SHOWN) lines.push(`- … and ${files.length - SHOWN} more`);
    return [`Replaces ${files.length} file(s) already in the version:`, ...lines];
  },
  undo: "Cannot be undone: the replaced files' content is gone.",
};
