/**
 * Playback rate, quality and the time display. The menus are native `<select>` elements: keyboard,
 * touch and screen readers work as the platform does, and they fit a 320 px player.
 */
import { css, html, nothing } from 'lit';
import { formatClock, formatTimecode } from '../time-format.js';
import { ControlElement, controlStyles } from './control-element.js';

export const PLAYBACK_RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** @summary Playback rate, 0.25× to 2×. @csspart rate */
export class SurgeryRateMenu extends ControlElement {
  static override styles = controlStyles;
  protected override render(): unknown {
    const rate = this.player?.playbackRate ?? 1;
    const rates = (PLAYBACK_RATES as readonly number[]).includes(rate) ? PLAYBACK_RATES : [...PLAYBACK_RATES, rate].sort((a, b) => a - b);
    return html`<select part="rate" aria-label="Playback speed" title="Playback speed" @change=${(event: Event) => this.request('rate-request', { rate: Number((event.target as HTMLSelectElement).value) })}>
      ${rates.map((option) => html`<option value=${option} ?selected=${option === rate}>${option}×</option>`)}
    </select>`;
  }
}

/** @summary Quality: Auto (naming the rendition playing) and each rendition, highest first. @csspart quality */
export class SurgeryQualityMenu extends ControlElement {
  static override styles = controlStyles;
  protected override render(): unknown {
    const state = this.player;
    if (!state || state.qualities.length === 0) return nothing;
    const active = state.qualities[state.activeQuality];
    const change = (event: Event) => {
      const value = (event.target as HTMLSelectElement).value;
      this.request('quality-request', { quality: value === 'auto' ? 'auto' : Number(value) });
    };
    return html`<select part="quality" aria-label="Quality" title="Quality" @change=${change}>
      <option value="auto" ?selected=${state.quality === 'auto'}>Auto${active ? ` (${active.label})` : ''}</option>
      ${[...state.qualities].reverse().map((quality) => html`<option value=${quality.index} ?selected=${state.quality === quality.index}>${quality.label}</option>`)}
    </select>`;
  }
}

/**
 * @summary Position and duration; pressing it toggles SMPTE timecode (HH:MM:SS:FF at the source's
 * frame rate). Live: how far behind the live edge. @csspart time
 */
export class SurgeryTimeDisplay extends ControlElement {
  static override styles = [
    controlStyles,
    css`
      button {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        padding: 0 8px;
      }
    `,
  ];
  static override properties = { timecode: { type: Boolean, reflect: true } };
  /** Shows SMPTE timecode instead of the clock. */
  declare timecode: boolean;
  constructor() {
    super();
    this.timecode = false;
  }
  protected override render(): unknown {
    const state = this.player;
    const time = state?.currentTime ?? 0;
    const fps = state?.frameRate ?? 30;
    let text: string;
    if (state?.live) {
      const behind = state.seekable ? Math.max(0, state.seekable.end - time) : 0;
      text = this.timecode ? formatTimecode(time, fps) : state.atLiveEdge || behind < 1 ? 'Live' : `-${formatClock(behind)}`;
    } else {
      const format = this.timecode ? (seconds: number) => formatTimecode(seconds, fps) : formatClock;
      text = `${format(time)} / ${format(state?.duration ?? NaN)}`;
    }
    return html`<button part="time" type="button" aria-pressed=${this.timecode ? 'true' : 'false'} title="Timecode (SMPTE)" @click=${() => (this.timecode = !this.timecode)}>${text}</button>`;
  }
}
