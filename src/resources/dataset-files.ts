import {
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  ResourceNotFoundError,
  ResourceTemplate,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { apiOf } from '../client/api.js';
import { idProblem } from '../client/paths.js';
import { FilesError } from '../files/errors.js';
import { refuseKnownSecret } from '../files/known-secrets.js';
import { fileOps } from '../files/lazy.js';
import { cleanFilePath } from '../files/location.js';
import type { ApiGet } from '../files/resolve.js';
import { redactError, redactKnown } from '../secrets.js';
import type { ResourceDeps } from './deps.js';
import { splitLegacyVersionId } from './legacy-id.js';
import { readFailure } from './read-failure.js';
import { uriId } from './uri-ids.js';
import { FILE_URI, fileUri } from './uris.js';

/** Larger files are not read as resources: datasets_versions_files_get downloads them. */
export const RESOURCE_MAX_BYTES = 1024 * 1024;
/** Files a version resource links to (the first page; datasets_versions_files_list pages on). */
export const VERSION_FILE_LINKS = 100;
const LIST_TIMEOUT_MS = 5_000;

const MIME: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  jsonl: 'application/jsonl',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};
const mimeOf = (path: string, text: boolean) =>
  MIME[path.split('.').at(-1)?.toLowerCase() ?? ''] ?? (text ? 'text/plain' : 'application/octet-stream');

/** What the file operations need for a resource read: the API as this caller, the storage rules. */
const access = (deps: ResourceDeps, ctx?: ServerContext) => ({
  get: apiGetter(deps, ctx),
  storage: { limits: deps.storage },
});

export function apiGetter(deps: ResourceDeps, ctx?: ServerContext): ApiGet {
  return apiOf(deps.client, { apiKey: deps.apiKey, signal: ctx?.mcpReq.signal }).find;
}

/** The first files of a version, as resource URIs, for the version resource (never fails it). */
export async function versionFiles(
  deps: ResourceDeps,
  datasetId: string,
  version: string,
  ctx?: ServerContext,
) {
  // A slow or unreachable bucket must not hold up the version itself.
  const signal = AbortSignal.any([AbortSignal.timeout(LIST_TIMEOUT_MS), ...(ctx ? [ctx.mcpReq.signal] : [])]);
  try {
    return await (await fileOps()).withVersion(
      access(deps, ctx),
      datasetId,
      version,
      async (storage, bucket) => {
        const page = await bucket.list(storage.location.prefix, VERSION_FILE_LINKS, undefined, signal);
        return {
          items: page.objects.map((o) => {
            const path = o.key.slice(storage.location.prefix.length);
            return { path, size: o.size, uri: fileUri(datasetId, version, path) };
          }),
          hasMore: page.next !== undefined,
        };
      },
    );
  } catch (error) {
    return {
      error:
        error instanceof FilesError ? deps.mentionTools(error.message) : 'The files could not be listed.',
    };
  }
}

/** Files of dataset versions as resources: text for text files, a blob for binary ones, up to 1 MB. */
export function registerDatasetFileResources(server: McpServer, deps: ResourceDeps): void {
  const completePath = async (value: string, context?: { arguments?: Record<string, string> }) => {
    const ids = versionOf(context?.arguments?.datasetId ?? '', context?.arguments?.version);
    if (!ids || idProblem(ids.datasetId) || idProblem(ids.version)) return [];
    const prefix = cleanOrEmpty(value);
    return (await fileOps())
      .withVersion(access(deps), ids.datasetId, ids.version, async (storage, bucket) => {
        const page = await bucket.list(storage.location.prefix + prefix, 100);
        return page.objects.map((o) => o.key.slice(storage.location.prefix.length));
      })
      .catch(() => []);
  };

  server.registerResource(
    'dataset-version-file',
    new ResourceTemplate(FILE_URI, { list: undefined, complete: { path: completePath } }),
    {
      title: 'Paperspace dataset version file',
      description: `A file of a dataset version: text, or a blob for binary files, up to ${RESOURCE_MAX_BYTES} bytes.`,
    },
    async (uri, variables, ctx): Promise<ReadResourceResult> => {
      const ids = versionOf(
        uriId(uri.href, 'datasetId', variables.datasetId),
        uriId(uri.href, 'version', variables.version),
      );
      if (!ids) throw new ResourceNotFoundError(uri.href);
      let path: string;
      try {
        path = cleanFilePath(decodeURIComponent(String(variables.path)));
      } catch {
        throw new ResourceNotFoundError(uri.href);
      }
      try {
        return await (await fileOps()).withVersion(
          access(deps, ctx),
          ids.datasetId,
          ids.version,
          async (storage, bucket) => {
            const key = storage.location.prefix + path;
            const head = await bucket.head(key, ctx.mcpReq.signal);
            if (!head) throw new ResourceNotFoundError(uri.href);
            if (head.size > RESOURCE_MAX_BYTES) {
              throw new FilesError(
                `${path} has ${head.size} bytes, over the ${RESOURCE_MAX_BYTES}-byte resource cap: download it with datasets_versions_files_get and toPath.`,
              );
            }
            const bytes = await (await fileOps()).readAll(bucket, key, head.size, ctx.mcpReq.signal);
            // The file's bytes as they are, text or blob; one that holds a known secret is refused.
            refuseKnownSecret(bytes, path, 'returned');
            const text = (await fileOps()).decodeText(bytes);
            const mimeType = mimeOf(path, text !== undefined);
            return {
              contents: [
                text !== undefined
                  ? { uri: uri.href, mimeType, text: redactKnown(text) }
                  : { uri: uri.href, mimeType, blob: bytes.toString('base64') },
              ],
            };
          },
        );
      } catch (error) {
        if (error instanceof FilesError) {
          const message = deps.mentionTools(error.message);
          throw redactError(new ProtocolError(ProtocolErrorCode.InvalidParams, message));
        }
        throw readFailure(error);
      }
    },
  );
}

function versionOf(datasetId: string, version: string | undefined) {
  if (version) return { datasetId, version };
  return splitLegacyVersionId(datasetId);
}

function cleanOrEmpty(value: string): string {
  try {
    return cleanFilePath(value, true);
  } catch {
    return '';
  }
}
