/**
 * The typed HTTP client of server-kit's API (`/api/v1`). Every method returns a typed promise and
 * throws an ApiError; nothing here depends on Node or the DOM beyond `fetch`.
 */
import { ApiError } from './api-error.js';
import type { Asset, LiveChannel, LiveChannelHealth, LiveHarvest, LiveHarvestRequest, PlaybackGrant, Specialist, SpecialistQuery, User } from './domain.js';
import type { Edit } from './edit/edit-schema.js';
import { subscribeToEvents, type SubscribeOptions } from './event-stream.js';
import type { EditDraft, EditListQuery, Publication, RenderJob, ServerEvent } from './review-types.js';

export interface ClientOptions {
  /** The server-kit URL, e.g. `https://portal.example/video` or `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A bearer token (the host portal's JWT or a dev token). */
  token?: string;
  /** Called before every request; wins over `token`. Lets a portal refresh its session. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface Client {
  /** The signed-in user (id, roles, specialty, tenant), as the server read them from the token. */
  me(): Promise<User>;
  assets: {
    list(): Promise<Asset[]>;
    get(id: string): Promise<Asset>;
    grant(id: string): Promise<PlaybackGrant>;
  };
  live: {
    list(): Promise<LiveChannel[]>;
    grant(id: string): Promise<PlaybackGrant>;
    /** Admins: whether the channel's pipeline is up. */
    status(id: string): Promise<LiveChannelHealth>;
    /** Starts keeping a window of the channel as a recorded asset (admins and specialists); poll `harvestStatus`. */
    harvest(id: string, request: LiveHarvestRequest): Promise<LiveHarvest>;
    /** The harvest job `harvestId` (as `harvest` answered it) of channel `id`. */
    harvestStatus(id: string, harvestId: string): Promise<LiveHarvest>;
  };
  edits: {
    /** A draft (the server fills in id, version, status, author and times) or a whole draft Edit. */
    create(edit: EditDraft | Edit): Promise<Edit>;
    get(id: string): Promise<Edit>;
    /** Saves `edit` over the version it was read at (`edit.version`); a stale version throws ApiError `version-conflict` (409). */
    update(edit: Edit): Promise<Edit>;
    /** The edits the user may see: their own, those assigned to them, the tenant's published ones (admins: all). */
    list(query?: EditListQuery): Promise<Edit[]>;
    /** The render of a published edit, for everyone who may read it. */
    publication(id: string): Promise<Publication>;
  };
  reviews: {
    submit(editId: string): Promise<Edit>;
    assign(editId: string, specialistId: string): Promise<Edit>;
    start(editId: string): Promise<Edit>;
    returnToAuthor(editId: string, verdict: string): Promise<Edit>;
    publish(editId: string): Promise<Edit>;
    /** An admin sends a submitted edit back to its author as a draft, without a review. */
    reject(editId: string): Promise<Edit>;
  };
  jobs: {
    get(id: string): Promise<RenderJob>;
  };
  specialists: {
    /** Admins: whom they can assign a review to in their tenant (ids, roles, specialty; no names). */
    list(query?: SpecialistQuery): Promise<Specialist[]>;
  };
  events: {
    /** Calls `onEvent` with each event the user may see until the returned function is called. */
    subscribe(onEvent: (event: ServerEvent) => void, options?: SubscribeOptions): () => void;
  };
}

export function createClient(options: ClientOptions): Client {
  if (!options || typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError('createClient: `baseUrl` must be an absolute http(s) URL, e.g. "http://127.0.0.1:8080".');
  }
  const apiBase = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  const getToken = async () => (options.getToken ? await options.getToken() : options.token);

  async function request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const token = await getToken();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${apiBase}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // The grant routes set CloudFront cookies; they must be stored for media requests.
        credentials: 'include',
      });
    } catch (cause) {
      throw new ApiError(0, 'network-error', `The API at ${apiBase} could not be reached.`, undefined, { cause });
    }
    const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok) {
      if (ApiError.isBody(payload)) {
        const { code, message, field } = payload.error;
        throw new ApiError(response.status, code, message, field);
      }
      throw new ApiError(response.status, 'http-error', `${method} ${path} failed with HTTP ${response.status}.`);
    }
    return payload as T;
  }

  const id = (value: string) => encodeURIComponent(value);
  const review = (editId: string, action: string, body?: Record<string, string>) => request<Edit>('POST', `/edits/${id(editId)}/${action}`, body ?? {});
  return {
    me: () => request<User>('GET', '/me'),
    assets: {
      list: () => request<{ items: Asset[] }>('GET', '/assets').then((page) => page.items),
      get: (assetId) => request<Asset>('GET', `/assets/${id(assetId)}`),
      grant: (assetId) => request<PlaybackGrant>('POST', `/assets/${id(assetId)}/grant`),
    },
    live: {
      list: () => request<{ items: LiveChannel[] }>('GET', '/live').then((page) => page.items),
      grant: (channelId) => request<PlaybackGrant>('POST', `/live/${id(channelId)}/grant`),
      status: (channelId) => request<LiveChannelHealth>('GET', `/live/${id(channelId)}/status`),
      harvest: (channelId, harvest) => request<LiveHarvest>('POST', `/live/${id(channelId)}/harvest`, harvest),
      harvestStatus: (channelId, harvestId) => request<LiveHarvest>('GET', `/live/${id(channelId)}/harvests/${id(harvestId)}`),
    },
    edits: {
      create: (edit) => request<Edit>('POST', '/edits', edit),
      get: (editId) => request<Edit>('GET', `/edits/${id(editId)}`),
      update: (edit) => request<Edit>('PUT', `/edits/${id(edit.id)}`, edit),
      list: (query = {}) => {
        const search = new URLSearchParams();
        if (query.status) search.set('status', query.status);
        if (query.assignee) search.set('assignee', query.assignee);
        const qs = search.toString();
        return request<{ items: Edit[] }>('GET', `/edits${qs ? `?${qs}` : ''}`).then((page) => page.items);
      },
      publication: (editId) => request<Publication>('GET', `/edits/${id(editId)}/publication`),
    },
    reviews: {
      submit: (editId) => review(editId, 'submit'),
      assign: (editId, specialistId) => review(editId, 'assign', { specialistId }),
      start: (editId) => review(editId, 'start'),
      returnToAuthor: (editId, verdict) => review(editId, 'return', { verdict }),
      publish: (editId) => review(editId, 'publish'),
      reject: (editId) => review(editId, 'reject'),
    },
    jobs: {
      get: (jobId) => request<RenderJob>('GET', `/jobs/${id(jobId)}`),
    },
    specialists: {
      list: (query = {}) =>
        request<{ items: Specialist[] }>('GET', `/specialists${query.specialty !== undefined ? `?${new URLSearchParams({ specialty: query.specialty })}` : ''}`).then((page) => page.items),
    },
    events: {
      subscribe: (onEvent, subscribeOptions) =>
        subscribeToEvents({ url: `${apiBase}/events`, getToken, ...(options.fetch ? { fetch: options.fetch } : {}) }, onEvent, subscribeOptions),
    },
  };
}

/**
 * Asks the embedded stack for a dev user's token (`POST /api/v1/dev/tokens`). Only the local
 * stack answers this; a production server-kit has no such route.
 */
export async function requestDevToken(baseUrl: string, user: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/v1/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (ApiError.isBody(payload)) throw new ApiError(response.status, payload.error.code, payload.error.message, payload.error.field);
    throw new ApiError(response.status, 'http-error', `POST /dev/tokens failed with HTTP ${response.status}.`);
  }
  return (payload as { token: string }).token;
}
