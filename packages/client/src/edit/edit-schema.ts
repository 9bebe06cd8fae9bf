/**
 * The Edit, `surgery-video/edit@1`: the segments a user cut from one asset and what they said
 * about its moments, saved as data and never by touching the source. This file is its shape,
 * defined once: every field's type and each value's own rule (a length, a range, a format). Rules
 * that tie values to one another or to the asset (segment order, unique ids, inside the asset, one
 * frame long) are in `edit-rules.ts`; `parseEdit` applies both and is the one way in.
 *
 * Each validation action carries its rule name (`'max-length'`, …) as its valibot message;
 * `parse-edit.ts` turns it into the issue's `rule` and writes the sentence a user reads.
 */
import * as v from 'valibot';

export const EDIT_SCHEMA_ID = 'surgery-video/edit@1';

/** The bounds the schema enforces, for UIs that want to stop a user before the server does. */
export const EDIT_LIMITS = {
  idLength: 100,
  titleLength: 200,
  textLength: 2000,
  segments: 1000,
  annotations: 2000,
  shapesPerDrawing: 100,
  pointsPerShape: 5000,
} as const;

/** The review workflow, in order: draft -> submitted -> assigned -> in-review -> returned -> published. */
export const EDIT_STATUSES = ['draft', 'submitted', 'assigned', 'in-review', 'returned', 'published'] as const;
export const ANNOTATION_KINDS = ['mistake', 'good-practice', 'question', 'note'] as const;
export const SHAPE_TYPES = ['arrow', 'ellipse', 'rect', 'freehand'] as const;

const ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${EDIT_LIMITS.idLength}}$`);
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** RFC 3339 (the ISO 8601 profile `Date.toISOString()` writes), with a real calendar date. */
function isIsoTimestamp(value: string): boolean {
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 &&
    Number(match[7] ?? 0) <= 23 && Number(match[8] ?? 0) <= 59
  );
}

const Id = v.pipe(v.string(), v.regex(ID_PATTERN, 'id-format'));
const Timestamp = v.pipe(v.string(), v.check(isIsoTimestamp, 'iso-timestamp'));
const Seconds = v.pipe(v.number(), v.finite('finite'), v.minValue(0, 'non-negative'));
const Fraction = v.pipe(v.number(), v.minValue(0, 'inside-frame'), v.maxValue(1, 'inside-frame'));

const SegmentSchema = v.strictObject({ start: Seconds, end: Seconds });

const ShapeSchema = v.strictObject({
  type: v.picklist(SHAPE_TYPES),
  points: v.pipe(v.array(v.strictTuple([Fraction, Fraction])), v.maxLength(EDIT_LIMITS.pointsPerShape, 'max-items')),
  color: v.pipe(v.string(), v.regex(COLOR_PATTERN, 'color')),
});

const DrawingSchema = v.strictObject({
  shapes: v.pipe(v.array(ShapeSchema), v.maxLength(EDIT_LIMITS.shapesPerDrawing, 'max-items')),
});

const AnnotationSchema = v.strictObject({
  id: Id,
  time: Seconds,
  duration: v.optional(v.pipe(v.number(), v.finite('finite'), v.gtValue(0, 'positive'))),
  kind: v.picklist(ANNOTATION_KINDS),
  text: v.pipe(v.string(), v.maxLength(EDIT_LIMITS.textLength, 'max-length')),
  author: Id,
  createdAt: Timestamp,
  drawing: v.optional(DrawingSchema),
});

const ReviewSchema = v.strictObject({
  assignee: Id,
  assignedBy: Id,
  verdict: v.optional(v.pipe(v.string(), v.maxLength(EDIT_LIMITS.textLength, 'max-length'))),
  returnedAt: v.optional(Timestamp),
});

export const EditSchema = v.strictObject({
  schema: v.literal(EDIT_SCHEMA_ID),
  id: Id,
  assetId: Id,
  title: v.pipe(v.string(), v.minLength(1, 'min-length'), v.maxLength(EDIT_LIMITS.titleLength, 'max-length')),
  version: v.pipe(v.number(), v.safeInteger('integer'), v.minValue(1, 'min-value')),
  status: v.picklist(EDIT_STATUSES),
  segments: v.pipe(v.array(SegmentSchema), v.maxLength(EDIT_LIMITS.segments, 'max-items')),
  annotations: v.pipe(v.array(AnnotationSchema), v.maxLength(EDIT_LIMITS.annotations, 'max-items')),
  review: v.optional(ReviewSchema),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** An edit of one asset (`surgery-video/edit@1`). Get one from `parseEdit` or `createEdit`. */
export type Edit = v.InferOutput<typeof EditSchema>;
/** A kept stretch of the source, in seconds on the source timeline, `start` inclusive, `end` exclusive. */
export type Segment = v.InferOutput<typeof SegmentSchema>;
/** A remark on a moment (`time`, seconds on the source timeline), optionally lasting `duration` s, optionally drawn on the frame. */
export type Annotation = v.InferOutput<typeof AnnotationSchema>;
/** Shapes drawn over the frame; points are fractions of the frame's width and height (0..1, origin top left). */
export type Drawing = v.InferOutput<typeof DrawingSchema>;
/** `arrow`: [tail, head]; `ellipse` and `rect`: two opposite corners of the box; `freehand`: the stroke, 2 points or more. */
export type Shape = v.InferOutput<typeof ShapeSchema>;
export type Review = v.InferOutput<typeof ReviewSchema>;
export type EditStatus = (typeof EDIT_STATUSES)[number];
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];
export type ShapeType = (typeof SHAPE_TYPES)[number];

/** What the rules need to know of the asset an edit cuts. */
export interface EditContext {
  /** Seconds. */
  assetDuration: number;
  /** Frames per second; 29.97 and 59.94 are read as 30000/1001 and 60000/1001. */
  frameRate: number;
}
