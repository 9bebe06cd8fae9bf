/**
 * What every role view shares: how it is mounted, a tiny DOM helper, the status badge, and the
 * live refresh from the API's event stream. A view is plain DOM over `@surgery-video/client`, so a
 * test can mount it into any element with a client pointed at any stack.
 */
import { ApiError, createClient, type Client, type Edit, type EditStatus, type User } from '@surgery-video/client';

export interface MountOptions {
  /** server-kit's URL (the portal's origin when the local stack serves it). */
  baseUrl: string;
  /** The signed-in user's bearer token (a dev token in the demo). */
  token: string;
  /** The signed-in user (`GET /api/v1/me`). */
  user: User;
  /** An API client to use instead of one made from `baseUrl` and `token`. */
  client?: Client;
  /** Follow `GET /api/v1/events` and refresh the lists when an edit changes. Default true. */
  live?: boolean;
}

export interface MountedView {
  /** The view's root element (already inside the container). */
  readonly root: HTMLElement;
  /** Settles once the first load has finished. */
  readonly ready: Promise<void>;
  /** Reloads the view's lists from the API. */
  refresh(): Promise<void>;
  /** Stops the event stream and removes the view. */
  unmount(): void;
}

export interface ViewContext extends Required<Omit<MountOptions, 'live' | 'client'>> {
  client: Client;
}

export function viewContext(options: MountOptions): ViewContext {
  const { baseUrl, token, user } = options;
  return { baseUrl, token, user, client: options.client ?? createClient({ baseUrl, token }) };
}

type Child = Node | string | null | undefined | false;

/** `h('button', { type: 'button', onclick }, 'Assign')`: an element with properties and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(el, rest);
  if (dataset) Object.assign(el.dataset, dataset);
  el.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return el;
}

let ids = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

const STATUS_TEXT: Record<EditStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  assigned: 'Assigned',
  'in-review': 'In review',
  returned: 'Returned',
  published: 'Published',
};

export function statusBadge(status: EditStatus): HTMLElement {
  return h('span', { className: `badge status-${status}`, dataset: { status } }, STATUS_TEXT[status] ?? status);
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

export function errorText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  if (error instanceof Error && error.message) return `${fallback}: ${error.message}`;
  return fallback;
}

export interface StatusLine {
  el: HTMLParagraphElement;
  show(message: string, isError?: boolean): void;
}

/** A polite status line for a view: what just happened, or what went wrong. */
export function statusLine(): StatusLine {
  const el = h('p', { className: 'view-status' });
  el.setAttribute('role', 'status');
  return {
    el,
    show(message, isError = false) {
      el.textContent = message;
      el.classList.toggle('error', isError);
    },
  };
}

/** A titled panel of a view: `<section class="panel">` labelled by its `<h3>`. */
export function panel(title: string, ...children: HTMLElement[]): HTMLElement {
  const id = uid('section');
  const el = h('section', { className: 'panel' }, h('h3', { id }, title), ...children);
  el.setAttribute('aria-labelledby', id);
  return el;
}

/** A button for one row of a table: its visible `label`, the fuller `ariaLabel`, and what a click does. */
export function rowButton(label: string, ariaLabel: string, onClick: () => void, className?: string): HTMLButtonElement {
  const button = h('button', className === undefined ? { type: 'button' } : { type: 'button', className }, label);
  button.setAttribute('aria-label', ariaLabel);
  button.addEventListener('click', onClick);
  return button;
}

/**
 * A table of edits with a caption, one row per edit; `cells` gives the cells after the title.
 * Past `limit` rows (the most recent first), a "Show all" button reveals the rest.
 */
export function editTable(caption: string, headings: string[], edits: Edit[], cells: (edit: Edit) => Child[], empty: string, limit = 10): HTMLElement {
  if (edits.length === 0) return h('p', { className: 'empty' }, empty);
  const rows = edits.map((edit, index) => {
    const row = h('tr', { dataset: { editId: edit.id, status: edit.status } }, h('th', { scope: 'row' }, edit.title), ...cells(edit).map((cell) => h('td', {}, cell)));
    if (index >= limit) row.hidden = true;
    return row;
  });
  const table = h(
    'table',
    { className: 'edits' },
    h('caption', { className: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...['Title', ...headings].map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, ...rows),
  );
  const wrap = h('div', { className: 'table-wrap' }, table);
  if (edits.length <= limit) return wrap;
  const more = h('button', { type: 'button', className: 'secondary more' }, `Show all ${edits.length}`);
  more.addEventListener('click', () => {
    const showAll = more.textContent?.startsWith('Show all') ?? false;
    rows.forEach((row, index) => (row.hidden = !showAll && index >= limit));
    more.textContent = showAll ? `Show the latest ${limit}` : `Show all ${edits.length}`;
  });
  return h('div', {}, wrap, more);
}

/**
 * Calls `refresh` (debounced) whenever an edit or a render job the user may see changes.
 * Best effort: without a stream the lists are still right after each action of this page.
 */
export function followEdits(client: Client, refresh: () => void, enabled = true): () => void {
  if (!enabled) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop: () => void = () => undefined;
  try {
    stop = client.events.subscribe((event) => {
      if (event.type !== 'edit.changed' && event.type !== 'job.changed') return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
  } catch {
    // No EventSource or no stream: the lists refresh after this page's own actions.
  }
  return () => {
    clearTimeout(timer);
    stop();
  };
}

/** Runs `load` one at a time: a refresh asked for while one runs runs once more after it. */
export function serialRefresh(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  return run;
}

/**
 * The view's handle once mounted: the first `refresh` starts now (`ready`); `unmount` runs `stop`
 * (e.g. what `followEdits` returned) and removes `root`.
 */
export function mountedView(root: HTMLElement, refresh: () => Promise<void>, stop: () => void = () => undefined): MountedView {
  const ready = refresh();
  return {
    root,
    ready,
    refresh,
    unmount() {
      stop();
      root.remove();
    },
  };
}

/** A fresh Edit id (the schema's id rule: letters, digits, `-`, `_`). */
export function newEditId(): string {
  const random = globalThis.crypto?.randomUUID?.().slice(0, 8) ?? Math.random().toString(36).slice(2, 10);
  return `edit-${Date.now().toString(36)}-${random}`;
}
