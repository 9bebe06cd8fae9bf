/**
 * The player's keyboard shortcuts as data: a keymap maps a key combination (`Shift+ArrowLeft`,
 * `k`, `Space`) to a named action, so an integrator can remap or drop any binding (WCAG 2.1.4)
 * with `player.keymap = { x: 'toggle-play', k: null }`. Pure: no DOM, tested in Node.
 */

export type PlayerAction =
  | 'toggle-play'
  | 'seek-back'
  | 'seek-forward'
  | 'seek-back-small'
  | 'seek-forward-small'
  | 'seek-back-large'
  | 'seek-forward-large'
  | 'frame-back'
  | 'frame-forward'
  | 'toggle-mute'
  | 'toggle-fullscreen'
  | 'toggle-captions'
  | 'seek-start'
  | 'seek-end'
  | `seek-percent-${0 | 10 | 20 | 30 | 40 | 50 | 60 | 70 | 80 | 90}`;

/** Key combination -> action; `null` unbinds a default. */
export type Keymap = Readonly<Record<string, PlayerAction | null>>;

/** Seconds moved by the seek actions. */
export const SEEK_STEPS: Readonly<Record<string, number>> = {
  'seek-back': -5,
  'seek-forward': 5,
  'seek-back-small': -1,
  'seek-forward-small': 1,
  'seek-back-large': -10,
  'seek-forward-large': 10,
};

export const DEFAULT_KEYMAP: Keymap = {
  Space: 'toggle-play',
  k: 'toggle-play',
  ArrowLeft: 'seek-back',
  ArrowRight: 'seek-forward',
  'Shift+ArrowLeft': 'seek-back-small',
  'Shift+ArrowRight': 'seek-forward-small',
  j: 'seek-back-large',
  l: 'seek-forward-large',
  ',': 'frame-back',
  '.': 'frame-forward',
  m: 'toggle-mute',
  f: 'toggle-fullscreen',
  c: 'toggle-captions',
  Home: 'seek-start',
  End: 'seek-end',
  ...Object.fromEntries([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((digit) => [String(digit), `seek-percent-${digit * 10}` as PlayerAction])),
};

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** Keys whose character already says whether Shift was held (`<` vs `,`, `K` vs `k`). */
const isCharacter = (key: string) => key.length === 1 && key !== ' ';

/**
 * The combination a key event stands for: modifiers in the order Ctrl+Alt+Meta+Shift, then the
 * key, letters lower-cased, the space bar as `Space`. Shift is not named for printable characters.
 */
export function comboOf(event: KeyLike): string {
  const key = event.key === ' ' ? 'Space' : isCharacter(event.key) ? event.key.toLowerCase() : event.key;
  const modifiers = [
    event.ctrlKey ? 'Ctrl' : '',
    event.altKey ? 'Alt' : '',
    event.metaKey ? 'Meta' : '',
    event.shiftKey && !isCharacter(event.key) ? 'Shift' : '',
  ].filter(Boolean);
  return [...modifiers, key].join('+');
}

/** Normalises a keymap key written by hand (`shift+arrowleft` stays as written; ` ` becomes Space). */
function normaliseCombo(combo: string): string {
  if (combo === ' ') return 'Space';
  const parts = combo.split('+');
  const key = parts.pop() ?? '';
  return comboOf({
    key: key === 'Space' ? ' ' : key,
    ctrlKey: parts.includes('Ctrl'),
    altKey: parts.includes('Alt'),
    metaKey: parts.includes('Meta'),
    shiftKey: parts.includes('Shift'),
  });
}

/** The defaults with `overrides` applied (`null` removes a binding). */
export function mergeKeymap(overrides: Keymap | undefined, base: Keymap = DEFAULT_KEYMAP): Keymap {
  const merged: Record<string, PlayerAction | null> = {};
  for (const [combo, action] of Object.entries(base)) merged[normaliseCombo(combo)] = action;
  for (const [combo, action] of Object.entries(overrides ?? {})) merged[normaliseCombo(combo)] = action;
  return merged;
}

/** The action bound to `event` in `keymap` (already merged), or undefined. */
export function actionFor(event: KeyLike, keymap: Keymap): PlayerAction | undefined {
  return keymap[comboOf(event)] ?? undefined;
}

/** Describes the element a key event started on, for `shouldIgnoreKey`. */
export interface KeyOrigin {
  tagName: string;
  type?: string | null;
  role?: string | null;
  isContentEditable?: boolean;
}

const TEXT_INPUT_TYPES = new Set(['button', 'checkbox', 'radio', 'reset', 'submit', 'image', 'file', 'color']);

/**
 * Whether the player must leave a key alone because the element it started on uses it: text
 * fields, selects and editable content take every key; sliders take arrows, Home/End and PageUp/Down;
 * buttons take Space and Enter.
 */
export function shouldIgnoreKey(event: KeyLike, origin: KeyOrigin | undefined): boolean {
  if (!origin) return false;
  const tag = origin.tagName.toLowerCase();
  const role = origin.role ?? '';
  if (origin.isContentEditable || tag === 'textarea' || tag === 'select') return true;
  if (role === 'textbox' || role === 'combobox' || role === 'listbox' || role === 'menu' || role === 'menuitem') return true;
  if (tag === 'input') {
    const type = (origin.type ?? 'text').toLowerCase();
    if (type === 'range') return /^(Arrow|Home$|End$|Page)/.test(event.key);
    if (!TEXT_INPUT_TYPES.has(type)) return true;
  }
  if (role === 'slider') return /^(Arrow|Home$|End$|Page)/.test(event.key);
  const buttonLike = tag === 'button' || tag === 'summary' || role === 'button' || (tag === 'input' && TEXT_INPUT_TYPES.has((origin.type ?? '').toLowerCase()));
  return buttonLike && (event.key === ' ' || event.key === 'Enter');
}
