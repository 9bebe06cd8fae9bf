import { css, html } from 'lit';
import { ControlElement } from './control-element.js';

/**
 * @summary The default control layout: the seek bar over a row of buttons that wraps on narrow
 * players (320 px: two rows), each control exporting its part so `surgery-player::part(...)` reaches it.
 */
export class SurgeryControlBar extends ControlElement {
  static override styles = css`
    :host {
      position: absolute;
      left: 0;
      right: 0;
      bottom: 0;
      box-sizing: border-box;
      display: block;
      padding: 0 8px 2px;
      container: surgery-controls / inline-size;
      background: var(--_surgery-controls-background, rgb(12 14 18 / 0.88));
      color: var(--_surgery-controls-color, #fff);
      font: var(--surgery-controls-font, var(--surgery-font, 14px/1.4 system-ui, sans-serif));
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      min-width: 0;
    }
    .spacer {
      flex: 1 1 0;
    }
  `;

  protected override render(): unknown {
    return html`<surgery-seek-bar exportparts="seek-bar, chapter, thumbnail"></surgery-seek-bar>
      <div class="row">
        <surgery-play-button exportparts="play-button"></surgery-play-button>
        <surgery-step-button frames="-1" exportparts="step-back"></surgery-step-button>
        <surgery-step-button frames="1" exportparts="step-forward"></surgery-step-button>
        <surgery-volume-control exportparts="mute, volume"></surgery-volume-control>
        <surgery-time-display exportparts="time"></surgery-time-display>
        <surgery-live-button exportparts="live-badge"></surgery-live-button>
        <span class="spacer"></span>
        <surgery-rate-menu exportparts="rate"></surgery-rate-menu>
        <surgery-quality-menu exportparts="quality"></surgery-quality-menu>
        <surgery-captions-button exportparts="captions"></surgery-captions-button>
        <surgery-pip-button exportparts="pip"></surgery-pip-button>
        <surgery-fullscreen-button exportparts="fullscreen"></surgery-fullscreen-button>
      </div>`;
  }
}
