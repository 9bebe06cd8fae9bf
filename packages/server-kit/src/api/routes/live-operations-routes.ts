/**
 * Live operations over HTTP, for the channels of the caller's tenant (the catalogue decides which
 * those are; another tenant's channel is a 404, as if it did not exist):
 *
 *   GET  /live/:id/status                 admins: is the channel up (the LiveOperations port's channelStatus)
 *   POST /live/:id/harvest                { start, end, assetId? } -> 202 { id, state, progress?, ... }
 *   GET  /live/:id/harvests/:harvestId    the harvest job, as the POST answered it
 *
 * A body is checked whole before anything starts, and refused naming the field. Every accepted
 * harvest is audited (`live.harvest`, target the job id). Ids and epoch seconds only.
 */
import { randomUUID } from 'node:crypto';
import {
  assertLiveId,
  assertTimeWindow,
  harvestId,
  LiveOperationsError,
  parseHarvestId,
  type HarvestStatus,
  type LiveOperations,
} from '../../live/live-operations.js';
import type { ApiServices } from '../api-services.js';
import { HttpError, json, readJsonObject } from '../json-response.js';
import type { Route, RouteContext } from '../router.js';
import { authorize, notFound, signedInUser } from './route-guards.js';

const HARVEST_FIELDS = new Set(['start', 'end', 'assetId']);
// `outside-window`: the request is well formed, but the channel no longer (or not yet) holds that time.
const STATUS: Record<LiveOperationsError['code'], number> = { 'bad-input': 400, 'not-found': 404, conflict: 409, 'outside-window': 422, unsupported: 501, upstream: 502 };
const LIVE_CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function liveOperationsRoutes(services: ApiServices): Route[] {
  const live = services.liveOperations;
  if (!live) return [];

  /** The channel of the path, in the caller's tenant, or a 404. */
  async function channelOf(context: RouteContext, tenant: string): Promise<string> {
    const id = context.params['id']!;
    if (!(await services.catalogue.getChannel(tenant, id))) throw notFound('live channel', id);
    return id;
  }

  return [
    {
      method: 'GET',
      path: '/live/:id/status',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'live.status', { tenant: user.tenant });
        const channelId = await channelOf(context, user.tenant);
        const status = (await fromPort(() => live.channelStatus())).find((candidate) => candidate.channelId === channelId);
        if (!status) throw new HttpError(404, 'not-found', `Live channel ${channelId} is listed but not run by this deployment's live operations.`);
        return json(status);
      },
    },
    {
      method: 'POST',
      path: '/live/:id/harvest',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'live.harvest', { tenant: user.tenant });
        const channelId = await channelOf(context, user.tenant);
        const body = parseHarvestBody(await readJsonObject(context.request));
        const assetId = body.assetId ?? `${channelId}-${body.start}-${body.end}`;
        const id = await fromPort(() =>
          live.harvest({ channelId, start: body.start, end: body.end, assetId, correlationId: liveCorrelationId(context.correlationId) }),
        );
        await services.audit?.append({ tenant: user.tenant, actor: user.id, action: 'live.harvest', target: { type: 'harvest', id }, correlationId: context.correlationId });
        return json(harvestView(await fromPort(() => live.harvestStatus(id))), { status: 202, headers: { location: `/api/v1/live/${encodeURIComponent(channelId)}/harvests/${encodeURIComponent(id)}` } });
      },
    },
    {
      method: 'GET',
      path: '/live/:id/harvests/:harvestId',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'live.harvest', { tenant: user.tenant });
        const channelId = await channelOf(context, user.tenant);
        const given = context.params['harvestId']!;
        // The job id the POST answered (`<channelId>:<assetId>`), or just the asset id.
        const id = given.includes(':') ? given : harvestId(channelId, given);
        const parsed = await fromPort(async () => parseHarvestId(id));
        if (parsed.channelId !== channelId) throw notFound('harvest', given);
        return json(harvestView(await fromPort(() => live.harvestStatus(id))));
      },
    },
  ];
}

/** `{ start, end, assetId? }`, refused whole naming the field. */
export function parseHarvestBody(body: Record<string, unknown>): { start: number; end: number; assetId?: string } {
  const extra = Object.keys(body).find((key) => !HARVEST_FIELDS.has(key));
  if (extra !== undefined) throw new HttpError(400, 'invalid-body', `"${extra}" is not a harvest field: send { start, end, assetId? }.`, extra);
  return fromPortSync(() => {
    assertTimeWindow({ start: body['start'], end: body['end'] }, 'harvest');
    if (body['assetId'] !== undefined) assertLiveId(body['assetId'], 'assetId');
    return { start: body['start'] as number, end: body['end'] as number, ...(body['assetId'] !== undefined ? { assetId: body['assetId'] as string } : {}) };
  });
}

/** What the client sees of a job: the port's status (ids, window, state, progress). */
function harvestView(status: HarvestStatus): HarvestStatus {
  return { id: status.id, channelId: status.channelId, assetId: status.assetId, state: status.state, ...(status.progress !== undefined ? { progress: status.progress } : {}), window: { ...status.window }, ...(status.message ? { message: status.message } : {}) };
}

/** The port takes letters, digits, "-" and "_"; the API's correlation ids may also hold ".". */
function liveCorrelationId(correlationId: string): string {
  const cleaned = correlationId.replace(/[^A-Za-z0-9_-]/g, '_');
  return LIVE_CORRELATION_ID.test(cleaned) ? cleaned : randomUUID();
}

async function fromPort<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toHttpError(error);
  }
}

function fromPortSync<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw toHttpError(error);
  }
}

function toHttpError(error: unknown): unknown {
  if (!(error instanceof LiveOperationsError)) return error;
  // The port names window fields `harvest.start` / `harvest.end`; the body calls them `start` / `end`.
  const field = error.field?.replace(/^harvest\./, '');
  return new HttpError(STATUS[error.code], error.code, error.message.replace(/\bharvest\.(start|end)\b/g, '$1'), field);
}
