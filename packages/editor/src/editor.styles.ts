import { css } from 'lit';

export const editorStyles = css`
  :host {
    --_accent: var(--clip-editor-accent, #1565c0);
    --_track: var(--clip-editor-track, #e3e7ec);
    --_playhead: var(--clip-editor-playhead, #d32f2f);
    display: block;
    box-sizing: border-box;
    background: var(--clip-editor-background, #fff);
    color: var(--clip-editor-color, #1a1a1a);
    font: 14px/1.4 system-ui, sans-serif;
    min-width: 0;
  }
  :host(:focus-visible) {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .stage {
    position: relative;
  }
  surgery-player {
    display: block;
    width: 100%;
  }
  .drawing {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .drawing.active {
    pointer-events: auto;
    cursor: crosshair;
    touch-action: none;
    outline: 2px dashed var(--_accent);
    outline-offset: -2px;
  }
  input[type='color'] {
    width: 40px;
    height: 32px;
    padding: 0 2px;
  }
  button,
  select,
  input {
    font: inherit;
  }
  button {
    min-height: 32px;
    padding: 2px 10px;
    border: 1px solid #6b7480;
    border-radius: 4px;
    background: #fff;
    color: #1a1a1a;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button:disabled {
    cursor: default;
    opacity: 0.55;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible,
  .handle:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 8px 0;
  }
  .sep {
    width: 8px;
  }
  .clock {
    font-variant-numeric: tabular-nums;
    min-width: 7ch;
  }
  .offer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: 4px 0 8px;
    padding: 8px 12px;
    border: 1px solid #b26a00;
    border-radius: 4px;
    background: #fff8e1;
  }
  .offer p {
    margin: 0;
    flex: 1 1 20em;
  }
  .timeline-scroller {
    position: relative;
    overflow-x: auto;
    overflow-y: hidden;
    width: 100%;
    padding-bottom: 4px;
  }
  .track {
    position: relative;
    height: 64px;
    cursor: pointer;
  }
  .ticks {
    position: absolute;
    inset: 0 0 auto 0;
    height: 20px;
  }
  .tick {
    position: absolute;
    top: 12px;
    width: 1px;
    height: 6px;
    background: #8a939e;
  }
  .tick.major {
    top: 0;
    height: 18px;
    background: #4a525c;
    font-size: 11px;
    line-height: 1;
    color: #1a1a1a;
    text-indent: 3px;
    white-space: nowrap;
  }
  .thumbnails {
    position: absolute;
    inset: 0;
    border-radius: 3px;
    overflow: hidden;
    pointer-events: none;
  }
  .thumbnail {
    position: absolute;
    top: 0;
    background-repeat: no-repeat;
    border-right: 1px solid #0b0d10;
  }
  .bar {
    position: absolute;
    inset: 24px 0 8px 0;
    background: var(--_track);
    border-radius: 3px;
  }
  .segment {
    position: absolute;
    top: 0;
    bottom: 0;
    min-width: 2px;
    background: color-mix(in srgb, var(--_accent) 45%, transparent);
    border: 1px solid var(--_accent);
  }
  .handle {
    position: absolute;
    top: -4px;
    bottom: -4px;
    width: 12px;
    background: var(--_accent);
    border-radius: 2px;
    cursor: ew-resize;
    touch-action: none;
    z-index: 2;
  }
  .handle.start {
    left: -6px;
  }
  .handle.end {
    right: -6px;
  }
  .handle[aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
  .pending-in {
    position: absolute;
    top: -4px;
    bottom: -4px;
    width: 3px;
    background: #2e7d32;
  }
  .pin {
    position: absolute;
    bottom: -8px;
    width: 9px;
    height: 9px;
    margin-left: -4px;
    border-radius: 50%;
    background: #6a1b9a;
  }
  .pin.kind-mistake {
    background: #c62828;
  }
  .pin.kind-good-practice {
    background: #2e7d32;
  }
  .pin.kind-question {
    background: #ef6c00;
  }
  .playhead {
    position: absolute;
    top: 0;
    bottom: 0;
    width: 2px;
    margin-left: -1px;
    background: var(--_playhead);
    pointer-events: none;
    z-index: 3;
  }
  .annotations-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  h2 {
    font-size: 16px;
    margin: 8px 0;
  }
  .annotation-scroller {
    max-height: var(--clip-editor-annotations-height, 20rem);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .annotation-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .annotation {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 4px 0;
    border-top: 1px solid #e0e0e0;
  }
  .annotation .time {
    font-variant-numeric: tabular-nums;
  }
  .annotation .text {
    flex: 1 1 12em;
    min-width: 0;
    min-height: 32px;
  }
  .empty {
    color: #4a525c;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
