/**
 * Registers the control elements (guarded like `<surgery-player>`: a second copy warns and keeps
 * the first). The player imports this module dynamically when `controls` is set, so it is its own
 * chunk; import it yourself to use the controls elsewhere inside a player.
 */
import { defineElement } from '../../internal/define-element.js';
import { PLAYER_VERSION } from '../../version.js';
import { SurgeryCaptionsButton, SurgeryFullscreenButton, SurgeryLiveButton, SurgeryPipButton, SurgeryPlayButton, SurgeryStepButton, SurgeryVolumeControl } from './buttons.js';
import { SurgeryControlBar } from './control-bar.js';
import { SurgeryQualityMenu, SurgeryRateMenu, SurgeryTimeDisplay } from './menus.js';
import { SurgerySeekBar } from './seek-bar.js';

export const CONTROL_ELEMENTS = {
  'surgery-control-bar': SurgeryControlBar,
  'surgery-seek-bar': SurgerySeekBar,
  'surgery-play-button': SurgeryPlayButton,
  'surgery-step-button': SurgeryStepButton,
  'surgery-volume-control': SurgeryVolumeControl,
  'surgery-time-display': SurgeryTimeDisplay,
  'surgery-live-button': SurgeryLiveButton,
  'surgery-rate-menu': SurgeryRateMenu,
  'surgery-quality-menu': SurgeryQualityMenu,
  'surgery-captions-button': SurgeryCaptionsButton,
  'surgery-pip-button': SurgeryPipButton,
  'surgery-fullscreen-button': SurgeryFullscreenButton,
} as const;

for (const [tag, element] of Object.entries(CONTROL_ELEMENTS)) {
  (element as CustomElementConstructor & { version?: string }).version = PLAYER_VERSION;
  defineElement(tag, element);
}

type ControlElements = typeof CONTROL_ELEMENTS;
declare global {
  interface HTMLElementTagNameMap {
    'surgery-control-bar': InstanceType<ControlElements['surgery-control-bar']>;
    'surgery-seek-bar': InstanceType<ControlElements['surgery-seek-bar']>;
    'surgery-play-button': InstanceType<ControlElements['surgery-play-button']>;
    'surgery-step-button': InstanceType<ControlElements['surgery-step-button']>;
    'surgery-volume-control': InstanceType<ControlElements['surgery-volume-control']>;
    'surgery-time-display': InstanceType<ControlElements['surgery-time-display']>;
    'surgery-live-button': InstanceType<ControlElements['surgery-live-button']>;
    'surgery-rate-menu': InstanceType<ControlElements['surgery-rate-menu']>;
    'surgery-quality-menu': InstanceType<ControlElements['surgery-quality-menu']>;
    'surgery-captions-button': InstanceType<ControlElements['surgery-captions-button']>;
    'surgery-pip-button': InstanceType<ControlElements['surgery-pip-button']>;
    'surgery-fullscreen-button': InstanceType<ControlElements['surgery-fullscreen-button']>;
  }
}
