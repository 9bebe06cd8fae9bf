/**
 * The Edit's rules that tie values to one another or to the asset, checked once the shape is right
 * (`edit-schema.ts` holds the shape). Without the asset's duration and frame rate only the
 * structural ones apply: a shape's point count, a segment's order and overlap, unique annotation ids.
 * With them, segments and annotations must also lie inside the asset and segments last a frame.
 */
import type { Edit } from './edit-schema.js';
import type { EditIssue, EditRule } from './edit-validation-error.js';
import { atLeastOneFrame, formatSeconds, toFrames, type FrameRateFraction } from './frame-math.js';

export interface RuleContext {
  assetDuration?: number | undefined;
  frameRate?: number | undefined;
  rate?: FrameRateFraction | undefined;
}

const POINT_COUNT = {
  arrow: 'an arrow needs exactly 2 points, tail then head',
  ellipse: 'an ellipse needs exactly 2 points, opposite corners of its box',
  rect: 'a rect needs exactly 2 points, opposite corners',
  freehand: 'a freehand stroke needs at least 2 points',
} as const;

export function crossFieldIssues(edit: Edit, context: RuleContext): EditIssue[] {
  const issues: EditIssue[] = [];
  const add = (path: string, rule: EditRule, text: string) => issues.push({ path, rule, message: `${path}: ${text}` });
  const { assetDuration, frameRate, rate } = context;

  edit.segments.forEach((segment, i) => {
    const at = `segments[${i}]`;
    const previous = edit.segments[i - 1];
    if (previous && segment.start < previous.start) {
      add(`${at}.start`, 'sorted', `must not be before segments[${i - 1}].start (${formatSeconds(previous.start)}): segments are kept in source order`);
    } else if (previous && segment.start < previous.end) {
      add(`${at}.start`, 'non-overlapping', `must not be before segments[${i - 1}].end (${formatSeconds(previous.end)}): segments must not overlap`);
    }
    if (!(segment.end > segment.start)) {
      add(`${at}.end`, 'start-before-end', `must be after its start ${formatSeconds(segment.start)}`);
    } else if (rate && !atLeastOneFrame(toFrames(segment.start, rate), toFrames(segment.end, rate))) {
      add(`${at}.end`, 'min-one-frame', `must be at least one frame (1/${frameRate} s) after its start ${formatSeconds(segment.start)}`);
    }
    if (assetDuration !== undefined && segment.end > assetDuration) {
      add(`${at}.end`, 'inside-asset', `must be at most the asset duration ${formatSeconds(assetDuration)}`);
    }
  });

  const firstWithId = new Map<string, number>();
  edit.annotations.forEach((annotation, i) => {
    const at = `annotations[${i}]`;
    const first = firstWithId.get(annotation.id);
    if (first === undefined) firstWithId.set(annotation.id, i);
    else add(`${at}.id`, 'unique-id', `must be unique; "${annotation.id}" is already the id of annotations[${first}]`);
    if (assetDuration !== undefined && annotation.time > assetDuration) {
      add(`${at}.time`, 'inside-asset', `must be at most the asset duration ${formatSeconds(assetDuration)}`);
    } else if (assetDuration !== undefined && annotation.duration !== undefined && annotation.time + annotation.duration > assetDuration) {
      add(
        `${at}.duration`,
        'inside-asset',
        `must end by the asset duration ${formatSeconds(assetDuration)} (it ends at ${formatSeconds(annotation.time + annotation.duration)})`,
      );
    }
    annotation.drawing?.shapes.forEach((shape, k) => {
      const count = shape.points.length;
      if (shape.type === 'freehand' ? count < 2 : count !== 2) {
        add(`${at}.drawing.shapes[${k}].points`, 'point-count', `${POINT_COUNT[shape.type]}; it has ${count}`);
      }
    });
  });

  return issues;
}
