import { badRequest } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { findOr404, publicView } from './rows.js';

export type ActivityAction =
  | 'deployment.created'
  | 'deployment.updated'
  | 'deployment.deleted'
  | 'deployment.scaled'
  | 'deployment.enabled'
  | 'deployment.disabled'
  | 'deployment.autoscaling.enabled'
  | 'deployment.autoscaling.disabled';

/** An activity item as the API returns it, plus the project it belongs to (internal). */
interface Activity extends Row {
  projectId: string;
  id: string;
  action: ActivityAction;
  actor: { avatarUrl: string | null; email: string | null; fullName: string | null } | null;
  data: { from: number; to: number } | null;
  deployment: { dtDeleted: string | null; id: string; name: string } | null;
  dtCreated: string;
}

const INTERNAL = ['projectId'] as const;
const activityTable = (store: Store) => store.table<Activity>('projectActivity');

/**
 * Records what happened to a project's deployment. The API's action enum covers deployments only,
 * so changes to the project itself or its models leave no activity item.
 */
export function recordActivity(
  store: Store,
  projectId: string,
  action: ActivityAction,
  deployment: { id: string; name: string; dtDeleted?: string | null },
  data: { from: number; to: number } | null = null,
): void {
  const { firstName, lastName, email } = store.user;
  const item: Activity = {
    projectId,
    id: store.uuid(),
    action,
    actor: { avatarUrl: null, email, fullName: `${firstName} ${lastName}` },
    data,
    deployment: { dtDeleted: deployment.dtDeleted ?? null, id: deployment.id, name: deployment.name },
    dtCreated: store.now(),
  };
  activityTable(store).set(item.id, item);
}

/** Forgets the activity of a deleted project. */
export function dropActivity(store: Store, projectId: string): void {
  const table = activityTable(store);
  for (const [id, item] of table) if (item.projectId === projectId) table.delete(id);
}

/**
 * The activity list pages with a uuid cursor (the id of the last item of the previous page), unlike
 * the opaque cursors of the other lists.
 */
function listActivity(store: Store, projectId: string, query: Record<string, string>) {
  findOr404(store.table('projects'), projectId, 'Project');
  const { after, deploymentId } = query;
  let rows = [...activityTable(store).values()].filter(
    (a) => a.projectId === projectId && (deploymentId === undefined || a.deployment?.id === deploymentId),
  );
  if (after !== undefined) {
    const cursor = activityTable(store).get(after);
    if (!cursor) throw badRequest('Invalid cursor in after');
    const desc = (query.order ?? 'desc') === 'desc';
    rows = rows.filter((a) => (desc ? a.dtCreated < cursor.dtCreated : a.dtCreated > cursor.dtCreated));
  }
  const page = paginate(rows, { ...query, after: undefined }, ['dtCreated']);
  const items = page.items.map((a) => publicView(a, INTERNAL));
  const last = page.items.at(-1);
  return page.hasMore && last ? { items, hasMore: true, nextPage: last.id } : { items, hasMore: false };
}

export const activityRoutes: RouteDef[] = [
  route('GET', '/projects/{id}/activity', (req, store) => listActivity(store, param(req, 'id'), req.query)),
];
