/**
 * The case as the media reports it, for the operations: its duration and frame rate once known
 * (what an Edit is validated against), the frame on screen, cut points snapped to frame
 * boundaries, and timecodes for the words the editor says.
 */
import { EditValidationError, frameOf, frameTime, safeParseEdit, snapToFrame, type Edit, type EditContext } from '@surgery-video/client';
import type { EditorPort } from '../internal/editor-port.js';
import { formatTimecode } from '../timeline/timeline-scale.js';

/** Editing before the media's duration is known. */
export class ClipEditorNotReady extends Error {
  constructor() {
    super('The video is not loaded yet: segments need the case duration and frame rate.');
  }
}

export class FrameContext {
  constructor(private readonly port: EditorPort) {}

  /** The case's duration and frame rate once the media says them, for validation. */
  known(): Partial<EditContext> {
    const host = this.port.host;
    return host.timelineDuration > 0 ? { assetDuration: host.timelineDuration, frameRate: host.player.frameRate } : {};
  }

  /** The context an operation needs; throws ClipEditorNotReady before the media is known. */
  required(): EditContext {
    const context = this.known();
    if (!context.assetDuration) throw new ClipEditorNotReady();
    return context as EditContext;
  }

  /** `t` snapped to the nearest boundary, or the edge (`start`/`end`) of the frame on screen. */
  cutTime(t: number | undefined, edge: 'start' | 'end'): number | undefined {
    const fps = this.port.host.player.frameRate;
    if (t !== undefined) {
      if (!Number.isFinite(t) || t < 0) throw new RangeError(`\`t\` must be a time in seconds, 0 or more; got ${String(t)}.`);
      return snapToFrame(t, fps);
    }
    const start = this.frameOnScreenStart();
    if (start === undefined) {
      this.port.report({ code: 'not-ready', message: 'The video is not loaded yet: marks wait for its first frame.', fatal: false });
      return undefined;
    }
    return edge === 'start' ? start : Math.min(frameTime(frameOf(start, fps) + 1, fps), this.port.host.timelineDuration);
  }

  frameOnScreenStart(): number | undefined {
    const host = this.port.host;
    if (!(host.timelineDuration > 0)) return undefined;
    const fps = host.player.frameRate;
    // The player shows frame floor(t * fps) (plus a thousandth against float error).
    return frameTime(Math.floor(host.player.currentTime * fps + 1e-3), fps);
  }

  /** Validates a whole new value (an annotation's fields, ids, inside the case). */
  checked(edit: Edit): Edit {
    const result = safeParseEdit(edit, this.known());
    if (!result.ok) throw new EditValidationError(result.issues);
    return result.edit;
  }

  timecode(t: number): string {
    return Number.isFinite(t) ? formatTimecode(t, this.port.host.player.frameRate) : String(t);
  }
}
