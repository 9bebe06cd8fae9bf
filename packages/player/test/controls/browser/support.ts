/** Finding the controls in the player's nested shadow roots, and driving them as a user would. */
import type { SurgeryPlayer } from '../../../src/player.component.js';
import { waitFor } from '../../support/stack.js';

/** Every element matching `selector` in `root` and the shadow roots below it. */
export function deepQueryAll(root: ParentNode, selector: string): HTMLElement[] {
  const found: HTMLElement[] = [...root.querySelectorAll<HTMLElement>(selector)];
  for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...deepQueryAll(element.shadowRoot, selector));
  return found;
}

/** The element with `part` inside the player's controls (the first of them). */
export function part(player: SurgeryPlayer, name: string): HTMLElement | undefined {
  return deepQueryAll(player.shadowRoot!, `[part~="${name}"]`)[0];
}

export async function controlsReady(player: SurgeryPlayer): Promise<void> {
  await waitFor(() => Boolean(part(player, 'play-button') && part(player, 'seek-bar')), 'the controls to render');
}

export function pointer(target: Element, type: string, clientX: number, pointerType = 'mouse'): void {
  const rect = target.getBoundingClientRect();
  target.dispatchEvent(
    new PointerEvent(type, { bubbles: true, composed: true, clientX, clientY: rect.top + rect.height / 2, pointerId: 1, pointerType, button: 0, isPrimary: true }),
  );
}

/** A click on the seek bar at `fraction` of its width. */
export function clickBar(bar: Element, fraction: number): void {
  const rect = bar.getBoundingClientRect();
  const x = rect.left + rect.width * fraction;
  pointer(bar, 'pointerdown', x);
  pointer(bar, 'pointerup', x);
}

export function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

export function select(element: HTMLElement, value: string): void {
  const menu = element as HTMLSelectElement;
  menu.value = value;
  menu.dispatchEvent(new Event('change', { bubbles: true }));
}
