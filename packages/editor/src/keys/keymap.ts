/**
 * The editor's keyboard shortcuts as data. A keymap maps each action to the key combinations that
 * trigger it (`'Space'`, `'i'`, `'Shift+ArrowLeft'`, `'Ctrl+Shift+z'`); hosts remap or switch off
 * any of them (WCAG 2.1.4) by giving the editor another map, or all of them with `nohotkeys`.
 * `Ctrl` also matches the Command key, so the defaults work on a Mac.
 */

export const EDITOR_ACTIONS = [
  'play-pause',
  'mark-in',
  'mark-out',
  'frame-back',
  'frame-forward',
  'second-back',
  'second-forward',
  'annotate',
  'undo',
  'redo',
] as const;

export type EditorAction = (typeof EDITOR_ACTIONS)[number];

/** Action -> key combinations. An action left out, or given `[]`, has no key. */
export type Keymap = Partial<Record<EditorAction, readonly string[]>>;

/** The actions that change the Edit, ignored when the editor is `readonly`. */
export const EDITING_ACTIONS: ReadonlySet<EditorAction> = new Set(['mark-in', 'mark-out', 'annotate', 'undo', 'redo']);

export const DEFAULT_KEYMAP: Readonly<Record<EditorAction, readonly string[]>> = {
  'play-pause': ['Space'],
  'mark-in': ['i'],
  'mark-out': ['o'],
  'frame-back': [','],
  'frame-forward': ['.'],
  'second-back': ['Shift+ArrowLeft'],
  'second-forward': ['Shift+ArrowRight'],
  annotate: ['m'],
  undo: ['Ctrl+z'],
  redo: ['Ctrl+Shift+z', 'Ctrl+y'],
};

/** What `keyCombo` needs of a KeyboardEvent. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS = new Set(['Control', 'Meta', 'Alt', 'Shift']);

/** A key press as a combination string (`Ctrl+Shift+z`): modifiers in the order Ctrl, Alt, Shift, letters in lower case. */
export function keyCombo(press: KeyPress): string | undefined {
  if (MODIFIER_KEYS.has(press.key)) return undefined;
  const key = press.key === ' ' ? 'Space' : press.key.length === 1 ? press.key.toLowerCase() : press.key;
  // Shift changes the key itself for punctuation (',' becomes '<'): keep Shift only where it does not.
  const shift = press.shiftKey && (key.length > 1 || /[a-z]/.test(key));
  return [press.ctrlKey || press.metaKey ? 'Ctrl' : '', press.altKey ? 'Alt' : '', shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** Normalises a combination written by a host (`'ctrl+Z'`, `'shift+arrowleft'` is not guessed) to `keyCombo`'s form. */
export function normaliseCombo(combo: string): string {
  const parts = combo.split('+');
  // '+' itself is a key: 'Ctrl++' splits into ['Ctrl', '', ''].
  const key = combo.endsWith('+') && combo.length > 1 ? '+' : (parts.pop() ?? '');
  const modifiers = new Set(parts.filter(Boolean).map((m) => m.toLowerCase()));
  return keyCombo({
    key: key === 'Space' || key === 'space' ? ' ' : key,
    ctrlKey: modifiers.has('ctrl') || modifiers.has('control') || modifiers.has('meta') || modifiers.has('cmd'),
    metaKey: false,
    altKey: modifiers.has('alt'),
    shiftKey: modifiers.has('shift'),
  }) ?? combo;
}

/** The action `press` triggers in `keymap`, if any. */
export function actionFor(press: KeyPress, keymap: Keymap): EditorAction | undefined {
  const combo = keyCombo(press);
  if (!combo) return undefined;
  for (const action of EDITOR_ACTIONS) {
    if (keymap[action]?.some((candidate) => normaliseCombo(candidate) === combo)) return action;
  }
  return undefined;
}

/**
 * True when a key press belongs to what has focus rather than to the editor: text fields, selects,
 * editable content, and Space or Enter on a button or a link (their own activation keys).
 */
export function isOwnedByTarget(target: EventTarget | undefined, key: string): boolean {
  if (!target || !(target as Element).tagName) return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || element.isContentEditable) return true;
  if (tag === 'input') {
    const type = (element as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit'].includes(type) || key === ' ' || key === 'Enter';
  }
  if (key === ' ' || key === 'Enter') return tag === 'button' || tag === 'a' || tag === 'summary' || element.getAttribute('role') === 'button';
  return false;
}
