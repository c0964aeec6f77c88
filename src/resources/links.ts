import type { McpServer, ResourceLink } from '@modelcontextprotocol/server';
import type { Operation } from '../tools/define.js';
import { datasetUri, versionUri } from './datasets.js';
import { splitLegacyVersionId } from './legacy-id.js';

type Entity = Record<string, unknown>;

const link = (uri: string, name: string, title?: unknown): ResourceLink => ({
  type: 'resource_link',
  uri,
  name,
  ...(typeof title === 'string' && title ? { title } : {}),
  mimeType: 'application/json',
});

/** The dataset and version resources a dataset tool's result names. */
export function datasetLinks(op: Operation, args: Entity, result: Entity): ResourceLink[] {
  if (op.toolset !== 'datasets' || op.kind === 'delete') return [];
  const items = Array.isArray(result.items) ? (result.items as Entity[]) : [result];
  const fromArgs = typeof args.datasetId === 'string' ? args.datasetId : undefined;
  const legacy = fromArgs ? splitLegacyVersionId(fromArgs) : undefined;
  const datasetId = legacy?.datasetId ?? fromArgs;
  return items.flatMap((item) => {
    if (op.name.startsWith('datasets_versions_')) {
      const owner = typeof item.datasetId === 'string' ? item.datasetId : datasetId;
      return owner && typeof item.version === 'string'
        ? [link(versionUri(owner, item.version), `${owner}:${item.version}`, item.message)]
        : [];
    }
    return typeof item.id === 'string' ? [link(datasetUri(item.id), item.id, item.name)] : [];
  });
}

/**
 * After a dataset or version changes: tell clients the resource list changed, and subscribers
 * of the touched resources that they were updated.
 */
export function notifyDatasetChange(
  server: McpServer,
  op: Operation,
  args: Entity,
  subscribed: ReadonlySet<string>,
) {
  if (op.toolset !== 'datasets' || op.kind === 'read') return;
  if (!server.isConnected()) return;
  server.sendResourceListChanged();
  const id =
    typeof args.datasetId === 'string' ? args.datasetId : typeof args.id === 'string' ? args.id : undefined;
  if (!id) return;
  const legacy = splitLegacyVersionId(id);
  const datasetId = legacy?.datasetId ?? id;
  const touched = [datasetUri(datasetId)];
  const version = legacy?.version ?? (typeof args.version === 'string' ? args.version : undefined);
  if (version) touched.push(versionUri(datasetId, version));
  for (const uri of touched) {
    if (subscribed.has(uri)) void server.server.sendResourceUpdated({ uri }).catch(() => {});
  }
}
