/**
 * The single-purpose buttons: play/pause, frame step, mute + volume, captions, fullscreen,
 * picture-in-picture and the LIVE badge. Each is a real `<button>` with a name and, for toggles,
 * `aria-pressed`; state comes from the player, the click only sends a request.
 */
import { css, html, nothing } from 'lit';
import { formatClock } from '../time-format.js';
import { ControlElement, controlStyles } from './control-element.js';
import { icons } from './icons.js';

/** @summary Play / pause. @csspart play-button */
export class SurgeryPlayButton extends ControlElement {
  static override styles = controlStyles;
  protected override render(): unknown {
    const paused = this.player?.paused ?? true;
    return html`<button part="play-button" type="button" aria-label=${paused ? 'Play' : 'Pause'} @click=${() => this.request(paused ? 'play-request' : 'pause-request')}>
      ${paused ? icons.play : icons.pause}
    </button>`;
  }
}

/** @summary Moves `frames` frames (default 1; negative: back). @csspart step-back @csspart step-forward */
export class SurgeryStepButton extends ControlElement {
  static override styles = controlStyles;
  static override properties = { frames: { type: Number } };
  declare frames: number;
  constructor() {
    super();
    this.frames = 1;
  }
  protected override render(): unknown {
    const back = this.frames < 0;
    const count = Math.abs(this.frames);
    const label = `${back ? 'Back' : 'Forward'} ${count} frame${count === 1 ? '' : 's'}`;
    return html`<button part=${back ? 'step-back' : 'step-forward'} type="button" aria-label=${label} title=${`${label} (${back ? ',' : '.'})`} ?disabled=${this.player?.live ?? false} @click=${() => this.request('step-request', { frames: this.frames })}>
      ${back ? icons.stepBack : icons.stepForward}
    </button>`;
  }
}

/** @summary Mute button and volume slider (the slider folds away below 420 px). @csspart mute @csspart volume */
export class SurgeryVolumeControl extends ControlElement {
  static override styles = [
    controlStyles,
    css`
      input {
        width: var(--surgery-volume-width, 72px);
        min-height: var(--surgery-control-size, 44px);
        margin: 0 6px 0 0;
        accent-color: var(--_surgery-accent, #5cc8ff);
        cursor: pointer;
      }
      @container surgery-controls (max-width: 420px) {
        input {
          display: none;
        }
      }
    `,
  ];
  protected override render(): unknown {
    const muted = this.player?.muted ?? false;
    const volume = this.player?.volume ?? 1;
    const shown = muted ? 0 : volume;
    return html`<button part="mute" type="button" aria-label="Mute" aria-pressed=${muted ? 'true' : 'false'} @click=${() => this.request('mute-request', { muted: !muted })}>
        ${muted || volume === 0 ? icons.muted : icons.volume}
      </button>
      <input
        part="volume"
        type="range"
        min="0"
        max="1"
        step="0.05"
        aria-label="Volume"
        aria-valuetext=${`${Math.round(shown * 100)} %`}
        .value=${String(shown)}
        @input=${(event: Event) => this.request('volume-request', { volume: Number((event.target as HTMLInputElement).value) })}
      />`;
  }
}

/** @summary Captions on/off (shown when the source has captions). @csspart captions */
export class SurgeryCaptionsButton extends ControlElement {
  static override styles = controlStyles;
  protected override render(): unknown {
    if (!this.controls?.captionsAvailable) return nothing;
    const on = this.controls.captions;
    return html`<button part="captions" type="button" aria-label="Captions" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.request('captions-request', { enabled: !on })}>
      ${icons.captions}
    </button>`;
  }
}

/** @summary Fullscreen (the whole player, controls included). @csspart fullscreen */
export class SurgeryFullscreenButton extends ControlElement {
  static override styles = controlStyles;
  protected override render(): unknown {
    if (this.controls && !this.controls.fullscreenAvailable) return nothing;
    const on = this.controls?.fullscreen ?? false;
    return html`<button part="fullscreen" type="button" aria-label="Fullscreen" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.request('fullscreen-request', { enabled: !on })}>
      ${on ? icons.exitFullscreen : icons.fullscreen}
    </button>`;
  }
}

/** @summary Picture-in-picture (shown where the browser supports it). @csspart pip */
export class SurgeryPipButton extends ControlElement {
  static override styles = controlStyles;
  protected override render(): unknown {
    if (!this.controls?.pipAvailable) return nothing;
    const on = this.controls.pip;
    return html`<button part="pip" type="button" aria-label="Picture in picture" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.request('pip-request', { enabled: !on })}>
      ${icons.pip}
    </button>`;
  }
}

/** @summary LIVE badge: lit when following the live edge; pressing it goes back to live. @csspart live-badge */
export class SurgeryLiveButton extends ControlElement {
  static override styles = [
    controlStyles,
    css`
      button {
        gap: 6px;
        display: inline-flex;
        align-items: center;
        font-weight: 600;
        letter-spacing: 0.04em;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: currentColor;
        opacity: 0.6;
      }
      button[aria-pressed='true'] .dot {
        background: var(--surgery-live-color, #e5484d);
        opacity: 1;
      }
    `,
  ];
  protected override render(): unknown {
    const state = this.player;
    if (!state?.live) return nothing;
    const behind = state.seekable ? state.seekable.end - state.currentTime : NaN;
    const title = state.atLiveEdge ? 'Watching live' : `${formatClock(behind)} behind live: go to live`;
    return html`<button part="live-badge" type="button" aria-label="Live" aria-pressed=${state.atLiveEdge ? 'true' : 'false'} title=${title} @click=${() => this.request('live-request')}>
      <span class="dot"></span>LIVE
    </button>`;
  }
}
