import { css } from 'lit';

/**
 * The player root's share of the controls' styling: the theme (dark by default, light with
 * `theme="light"` or a light color scheme unless `theme="dark"`), resolved once on the host into
 * private variables the control elements read, and the screen-reader-only live region.
 */
export const controlsHostStyles = css`
  :host {
    --_surgery-accent: var(--surgery-accent, #5cc8ff);
    --_surgery-controls-background: var(--surgery-controls-background, rgb(12 14 18 / 0.88));
    --_surgery-controls-color: var(--surgery-controls-color, #fff);
    --_surgery-track-color: var(--surgery-track-color, rgb(255 255 255 / 0.3));
    --_surgery-buffered-color: var(--surgery-buffered-color, rgb(255 255 255 / 0.55));
    --_surgery-color-scheme: dark;
  }
  :host([theme='light']) {
    --_surgery-accent: var(--surgery-accent, #0b5cad);
    --_surgery-controls-background: var(--surgery-controls-background, rgb(250 250 252 / 0.94));
    --_surgery-controls-color: var(--surgery-controls-color, #14171c);
    --_surgery-track-color: var(--surgery-track-color, rgb(0 0 0 / 0.22));
    --_surgery-buffered-color: var(--surgery-buffered-color, rgb(0 0 0 / 0.45));
    --_surgery-color-scheme: light;
  }
  @media (prefers-color-scheme: light) {
    :host(:not([theme='dark'])) {
      --_surgery-accent: var(--surgery-accent, #0b5cad);
      --_surgery-controls-background: var(--surgery-controls-background, rgb(250 250 252 / 0.94));
      --_surgery-controls-color: var(--surgery-controls-color, #14171c);
      --_surgery-track-color: var(--surgery-track-color, rgb(0 0 0 / 0.22));
      --_surgery-buffered-color: var(--surgery-buffered-color, rgb(0 0 0 / 0.45));
      --_surgery-color-scheme: light;
    }
  }
  :host(:focus-visible) {
    outline: 2px solid var(--_surgery-accent);
    outline-offset: 2px;
  }
  .announcer {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
