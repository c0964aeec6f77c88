import type { McpServer, ResourceLink } from '@modelcontextprotocol/server';
import { itemsOf } from '../client/entity.js';
import { splitLegacyVersionId } from './legacy-id.js';
import type { TenantEventBus } from './tenant-events.js';
import { datasetUri, fileUri, versionUri } from './uris.js';

type Entity = Record<string, unknown>;

/** What a tool's result items name: datasets, their versions, or files of a version. */
export type LinkTarget = 'dataset' | 'version' | 'file';

/** What the links read of a tool's row (src/tools/define.ts Operation has these fields). */
export interface LinkingRow {
  readonly kind: string;
  readonly links?: LinkTarget | undefined;
}

/**
 * A link to one resource, named by the resource's id (a dataset id, `datasetId:version`, a file's
 * path), never empty: a result item without an id gets no link. The API's name, if any, is the title.
 */
const link = (uri: string, id: string, title?: unknown): ResourceLink => ({
  type: 'resource_link',
  uri,
  name: id,
  ...(typeof title === 'string' && title ? { title } : {}),
  mimeType: 'application/json',
});
const versionLink = (datasetId: string, version: string, title?: unknown) =>
  link(versionUri(datasetId, version), `${datasetId}:${version}`, title);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The resources a row's result names, as its `links` says: datasets, versions or files. */
export function datasetLinks(op: LinkingRow, args: Entity, result: Entity): ResourceLink[] {
  if (op.links === undefined || op.kind === 'delete') return [];
  const items = Array.isArray(result.items) ? itemsOf(result) : [result];
  const fromArgs = typeof args.datasetId === 'string' ? args.datasetId : undefined;
  const legacy = fromArgs ? splitLegacyVersionId(fromArgs) : undefined;
  const datasetId = legacy?.datasetId ?? fromArgs;
  const version = legacy?.version ?? (typeof args.version === 'string' ? args.version : undefined);
  return items.flatMap((item) => {
    if (op.links === 'file') {
      if (!nonEmpty(datasetId) || !nonEmpty(version) || typeof item.path !== 'string') return [];
      // An empty path is the version's root (a whole-version download): the link names the version.
      if (item.path === '') return [versionLink(datasetId, version)];
      return item.path.endsWith('/')
        ? []
        : [{ ...link(fileUri(datasetId, version, item.path), item.path), mimeType: undefined }];
    }
    if (op.links === 'version') {
      const owner = nonEmpty(item.datasetId) ? item.datasetId : datasetId;
      return nonEmpty(owner) && nonEmpty(item.version)
        ? [versionLink(owner, item.version, item.message)]
        : [];
    }
    return nonEmpty(item.id) ? [link(datasetUri(item.id), item.id, item.name)] : [];
  });
}

/**
 * How change notifications travel. 2025-era clients get them unsolicited (resources/updated only
 * for URIs they subscribed to), on their own connection or session. 2026-07-28 clients receive
 * them on a subscriptions/listen stream that filters by itself: over stdio the entry routes the
 * instance's notifications onto it; over stateless HTTP the instance lives for one request, so
 * changes go to the handler's event bus, for the streams of the caller that made them only.
 */
export interface ChangeChannel {
  era: 'legacy' | 'modern';
  /** The HTTP handler's bus (modern era over HTTP). */
  bus?: TenantEventBus | undefined;
  /** Who made the change: the caller of the request (HTTP), '' on stdio. */
  tenant: string;
  /** URIs 2025-era clients subscribed to. */
  subscribed: ReadonlySet<string>;
}

/** After a dataset or version changes: the resource list changed, and so did the touched resources. */
export function notifyDatasetChange(
  server: McpServer,
  op: LinkingRow,
  args: Entity,
  channel: ChangeChannel,
): void {
  if (op.links === undefined || op.kind === 'read') return;
  const touched = touchedUris(args);
  if (channel.era === 'modern' && channel.bus) {
    channel.bus.publishTo(channel.tenant, { kind: 'resources_list_changed' });
    for (const uri of touched) channel.bus.publishTo(channel.tenant, { kind: 'resource_updated', uri });
    return;
  }
  if (!server.isConnected()) return;
  server.sendResourceListChanged();
  for (const uri of touched) {
    if (channel.era === 'modern' || channel.subscribed.has(uri)) {
      void server.server.sendResourceUpdated({ uri }).catch(() => {});
    }
  }
}

function touchedUris(args: Entity): string[] {
  const id =
    typeof args.datasetId === 'string' ? args.datasetId : typeof args.id === 'string' ? args.id : undefined;
  if (!id) return [];
  const legacy = splitLegacyVersionId(id);
  const datasetId = legacy?.datasetId ?? id;
  const touched = [datasetUri(datasetId)];
  const version = legacy?.version ?? (typeof args.version === 'string' ? args.version : undefined);
  if (version) touched.push(versionUri(datasetId, version));
  return touched;
}
