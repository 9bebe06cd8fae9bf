import { css } from 'lit';

export const playerStyles = css`
  :host {
    display: block;
    position: relative;
    aspect-ratio: var(--surgery-aspect-ratio, 16 / 9);
    background: var(--surgery-background, #000);
    color: var(--surgery-color, #fff);
    font: var(--surgery-font, 14px/1.4 system-ui, sans-serif);
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  .container {
    position: relative;
    width: 100%;
    height: 100%;
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  /* A cached frame over the video during a frame step (frames/frame-overlay.ts). */
  .frame-cache {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .error {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: 1.5em;
    text-align: center;
    background: var(--surgery-error-background, rgb(0 0 0 / 0.8));
    color: var(--surgery-error-color, #fff);
  }
`;
