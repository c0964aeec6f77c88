import {
  type McpServer,
  type ReadResourceResult,
  type Resource,
  ResourceNotFoundError,
  ResourceTemplate,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { apiOf, type Page, type Query } from '../client/api.js';
import { NotFoundError } from '../client/errors.js';
import { type ApiPath, apiPath, idProblem } from '../client/paths.js';
import { redact } from '../secrets.js';
import { versionFiles } from './dataset-files.js';
import type { ResourceDeps } from './deps.js';
import { splitLegacyVersionId } from './legacy-id.js';
import { readFailure } from './read-failure.js';
import { checkUriId, uriId } from './uri-ids.js';
import { DATASET_URI, datasetUri, VERSION_URI, versionUri } from './uris.js';

const MIME = 'application/json';
/** Datasets per resources/list page: one API page each, never more. */
export const RESOURCE_PAGE_SIZE = 100;
/** API pages (of 120) that dataset-id completion looks through at most. */
const COMPLETION_PAGES = 5;
/** Versions summarised when reading a dataset (newest first). */
const VERSION_SUMMARY = 20;

type Entity = Record<string, unknown>;

/**
 * Datasets and their versions as browsable resources: templates with completion, reads that
 * mirror the API, and a resources/list that pages through datasets with the API's own cursor.
 */
/** `listedFirst`: resources of this server that resources/list shows before the datasets, on its first page. */
export function registerDatasetResources(
  server: McpServer,
  deps: ResourceDeps,
  listedFirst: readonly Resource[] = [],
): void {
  // Every read goes through here: an API error is phrased and filtered before the SDK relays it;
  // with `href`, a 404 is that resource's not-found error.
  const api = (ctx?: ServerContext) =>
    apiOf(deps.client, { apiKey: deps.apiKey, signal: ctx?.mcpReq.signal });
  const get = <T>(path: ApiPath, query?: Query, ctx?: ServerContext, href?: string) =>
    api(ctx)
      .get<T>(path, query)
      .catch((error: unknown) => {
        if (href !== undefined && error instanceof NotFoundError) throw new ResourceNotFoundError(href);
        throw readFailure(error);
      });

  const datasetsPage = (query: Record<string, unknown>) => get<Page<Entity>>(apiPath('/datasets'), query);
  const versionsPage = (datasetId: string, limit: number) =>
    get<Page<Entity>>(apiPath('/datasets/{datasetId}/versions', { datasetId }), { limit, order: 'desc' });

  // The API cannot filter datasets by name: walk a bounded number of pages, newest first.
  const completeDatasetId = async (value: string) => {
    const prefix = value.toLowerCase();
    const matches = (d: Entity) =>
      String(d.id).toLowerCase().startsWith(prefix) ||
      String(d.name ?? '')
        .toLowerCase()
        .startsWith(prefix);
    const found: string[] = [];
    const pages = api().list<Entity>(
      apiPath('/datasets'),
      { order: 'desc' },
      { pageSize: 120, maxPages: COMPLETION_PAGES },
    );
    try {
      for await (const page of pages) {
        found.push(...page.items.filter(matches).map((d) => String(d.id)));
        if (found.length >= 100) break;
      }
    } catch (error) {
      throw readFailure(error);
    }
    return found.slice(0, 100);
  };
  const completeVersion = async (value: string, context?: { arguments?: Record<string, string> }) => {
    const datasetId = context?.arguments?.datasetId;
    if (!datasetId || idProblem(datasetId)) return [];
    const page = await versionsPage(datasetId, 120).catch(() => undefined);
    return (page?.items ?? []).map((v) => String(v.version)).filter((v) => v.startsWith(value));
  };

  server.registerResource(
    'dataset',
    new ResourceTemplate(DATASET_URI, {
      list: undefined,
      complete: { datasetId: completeDatasetId },
    }),
    {
      title: 'Paperspace dataset',
      description: 'A dataset: its fields, storage provider, newest versions and their URIs.',
      mimeType: MIME,
    },
    async (uri, variables, ctx) => {
      const rawId = uriId(uri.href, 'datasetId', variables.datasetId);
      const legacy = splitLegacyVersionId(rawId);
      if (legacy) return readVersion(uri.href, legacy.datasetId, legacy.version, ctx);
      const dataset = await get<Entity>(apiPath('/datasets/{id}', { id: rawId }), undefined, ctx, uri.href);
      const versions = await versionsPage(rawId, VERSION_SUMMARY);
      const body = {
        ...dataset,
        versions: versions.items.map((v) => ({
          version: v.version,
          uri: versionUri(rawId, String(v.version)),
          isCommitted: v.isCommitted,
          message: v.message ?? null,
          tags: v.tags ?? [],
          usageBytes: v.usageBytes ?? null,
          dtCreated: v.dtCreated,
        })),
        moreVersions: versions.hasMore,
      };
      return json(uri.href, body);
    },
  );

  server.registerResource(
    'dataset-version',
    new ResourceTemplate(VERSION_URI, {
      list: undefined,
      complete: { datasetId: completeDatasetId, version: completeVersion },
    }),
    {
      title: 'Paperspace dataset version',
      description: 'One version of a dataset, with all its fields. Legacy "dsXXXX:version" ids are accepted.',
      mimeType: MIME,
    },
    async (uri, variables, ctx) => {
      const datasetId = uriId(uri.href, 'datasetId', variables.datasetId);
      const version = uriId(uri.href, 'version', variables.version);
      return readVersion(uri.href, datasetId, version, ctx);
    },
  );

  // The high-level server lists template resources without cursors; datasets need real paging.
  server.server.setRequestHandler('resources/list', async (request) => {
    const after = typeof request.params?.cursor === 'string' ? request.params.cursor : undefined;
    const page = await datasetsPage({ limit: RESOURCE_PAGE_SIZE, after, order: 'desc' });
    return redact({
      resources: [
        ...(after === undefined ? listedFirst : []),
        ...page.items.map((d) => ({
          uri: datasetUri(String(d.id)),
          name: String(d.id),
          title: d.name ? String(d.name) : String(d.id),
          description: d.description ? String(d.description) : `Dataset ${String(d.id)}`,
          mimeType: MIME,
        })),
      ],
      ...(page.hasMore && page.nextPage ? { nextCursor: page.nextPage } : {}),
    });
  });

  async function readVersion(href: string, datasetId: string, version: string, ctx?: ServerContext) {
    checkUriId(href, 'datasetId', datasetId);
    checkUriId(href, 'version', version);
    const path = apiPath('/datasets/{datasetId}/versions/{version}', { datasetId, version });
    const row = await get<Entity>(path, undefined, ctx, href);
    // Its files, as links to their resources (first page; datasets_versions_files_list pages on).
    return json(href, { ...row, files: await versionFiles(deps, datasetId, version, ctx) });
  }
}

function json(uri: string, body: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: MIME, text: JSON.stringify(redact(body)) }] };
}
