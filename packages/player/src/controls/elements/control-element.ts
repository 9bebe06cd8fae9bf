/**
 * What every control shares: it reads PlayerState and ControlsState from the player through
 * @lit/context (state down) and asks for changes with `*-request` events (intents up). It never
 * holds a reference to the player or its video.
 */
import { ContextConsumer } from '@lit/context';
import { css, LitElement } from 'lit';
import { playerStateContext, type PlayerState } from '../../state/player-state.js';
import { controlsStateContext, type ControlsState } from '../controls-state.js';
import { PlayerRequestEvent, type PlayerRequestDetailMap, type PlayerRequestType } from '../request-events.js';

export abstract class ControlElement extends LitElement {
  readonly #player = new ContextConsumer(this, { context: playerStateContext, subscribe: true });
  readonly #controls = new ContextConsumer(this, { context: controlsStateContext, subscribe: true });

  /** The player's state; undefined outside a player. */
  protected get player(): PlayerState | undefined {
    return this.#player.value;
  }

  protected get controls(): ControlsState | undefined {
    return this.#controls.value;
  }

  protected request<K extends PlayerRequestType>(type: K, ...detail: PlayerRequestDetailMap[K] extends undefined ? [] : [PlayerRequestDetailMap[K]]): void {
    this.dispatchEvent(new (PlayerRequestEvent as new (type: K, ...detail: unknown[]) => PlayerRequestEvent<K>)(type, ...detail));
  }
}

/** Buttons and menus: 44 px touch targets, visible focus, icons in currentColor. */
export const controlStyles = css`
  :host {
    display: inline-flex;
  }
  :host([hidden]) {
    display: none;
  }
  button,
  select {
    box-sizing: border-box;
    min-width: var(--surgery-control-size, 44px);
    min-height: var(--surgery-control-size, 44px);
    display: inline-grid;
    place-items: center;
    margin: 0;
    padding: 0 6px;
    border: 0;
    border-radius: var(--surgery-control-radius, 6px);
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }
  select {
    padding: 0 8px;
    color-scheme: var(--_surgery-color-scheme, dark);
  }
  button:hover,
  select:hover {
    background: color-mix(in srgb, currentColor 14%, transparent);
  }
  button[aria-pressed='true'] {
    color: var(--_surgery-accent, #5cc8ff);
  }
  :focus-visible {
    outline: 2px solid var(--_surgery-accent, #5cc8ff);
    outline-offset: -2px;
  }
  svg {
    width: var(--surgery-icon-size, 24px);
    height: var(--surgery-icon-size, 24px);
    fill: currentColor;
    pointer-events: none;
  }
`;
