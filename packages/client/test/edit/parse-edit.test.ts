/**
 * Golden vectors of the Edit schema `surgery-video/edit@1`: the full valid Edit, then one refusal
 * per rule, each checked for the field and rule it names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createEdit,
  EDIT_LIMITS,
  EDIT_SCHEMA_ID,
  EditValidationError,
  parseEdit,
  safeParseEdit,
  type Edit,
  type EditContext,
  type EditRule,
} from '../../src/index.js';
import { deepFreeze, GOLDEN_ASSET, goldenEdit } from './edit-fixtures.js';

describe('parseEdit: the golden Edit', () => {
  it('accepts the full Edit, with and without the asset, and returns an equal new object', () => {
    const input = deepFreeze(goldenEdit());
    for (const context of [undefined, GOLDEN_ASSET, { assetDuration: 60 }, { frameRate: 25 }]) {
      const edit = parseEdit(input, context);
      assert.deepEqual(edit, input);
      assert.notEqual(edit, input);
      assert.notEqual(edit.segments, input.segments);
      assert.notEqual(edit.annotations[0]?.drawing, input.annotations[0]?.drawing);
    }
  });

  it('survives a JSON round trip unchanged', () => {
    const edit = parseEdit(goldenEdit(), GOLDEN_ASSET);
    assert.deepEqual(parseEdit(JSON.parse(JSON.stringify(edit)), GOLDEN_ASSET), edit);
  });

  it('keeps optional fields absent when they are absent', () => {
    const { review: _review, ...withoutReview } = goldenEdit();
    const edit = parseEdit(withoutReview);
    assert.equal('review' in edit, false);
    assert.equal('duration' in (edit.annotations[1] as object), false);
    assert.equal('drawing' in (edit.annotations[1] as object), false);
  });

  it('safeParseEdit returns { ok: true, edit } for it', () => {
    const result = safeParseEdit(goldenEdit(), GOLDEN_ASSET);
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && result.edit, goldenEdit());
  });
});

interface Refusal {
  name: string;
  change: (edit: Edit) => void;
  path: string;
  rule: EditRule;
  message?: RegExp;
  context?: Partial<EditContext>;
}

const annotation = (edit: Edit, i = 0) => edit.annotations[i] as Edit['annotations'][number] & Record<string, unknown>;
const shape = (edit: Edit, k: number) => annotation(edit).drawing!.shapes[k]!;
const top = (edit: Edit) => edit as unknown as Record<string, unknown>;

const REFUSALS: Refusal[] = [
  // shape
  { name: 'a field of the wrong type', change: (e) => void (top(e).title = 42), path: 'title', rule: 'type', message: /^title: must be a string$/ },
  { name: 'a list that is not a list', change: (e) => void (top(e).segments = {}), path: 'segments', rule: 'type' },
  { name: 'a missing field', change: (e) => void delete top(e).updatedAt, path: 'updatedAt', rule: 'required', message: /^updatedAt: is required$/ },
  { name: 'a segment without its end', change: (e) => void delete (e.segments[1] as Partial<Edit['segments'][number]>).end, path: 'segments[1].end', rule: 'required' },
  { name: 'an unknown top-level key', change: (e) => void (top(e).owner = 'x'), path: 'owner', rule: 'unknown-key', message: /^owner: is not a field of surgery-video\/edit@1$/ },
  { name: 'an unknown key in an annotation', change: (e) => void (annotation(e).colour = '#000000'), path: 'annotations[0].colour', rule: 'unknown-key' },
  { name: 'another schema version', change: (e) => void (top(e).schema = 'surgery-video/edit@2'), path: 'schema', rule: 'schema-id' },
  { name: 'an unknown status', change: (e) => void (top(e).status = 'approved'), path: 'status', rule: 'one-of', message: /^status: must be one of "draft", "submitted", "assigned", "in-review", "returned", "published"$/ },
  { name: 'an unknown annotation kind', change: (e) => void (annotation(e).kind = 'praise' as 'note'), path: 'annotations[0].kind', rule: 'one-of' },
  { name: 'an unknown shape type', change: (e) => void (shape(e, 0).type = 'star' as 'arrow'), path: 'annotations[0].drawing.shapes[0].type', rule: 'one-of' },
  { name: 'a point with three coordinates', change: (e) => void (shape(e, 0).points[0] = [0.1, 0.2, 0.3] as unknown as [number, number]), path: 'annotations[0].drawing.shapes[0].points[0]', rule: 'type' },
  // a value's own rule
  { name: 'an id with a space', change: (e) => void (e.id = 'edit 001'), path: 'id', rule: 'id-format', message: /^id: must be 1 to 100 characters, each a letter, a digit, _ or -$/ },
  { name: 'an empty id', change: (e) => void (e.assetId = ''), path: 'assetId', rule: 'id-format' },
  { name: 'an id of 101 characters', change: (e) => void (annotation(e, 1).author = 'a'.repeat(101)), path: 'annotations[1].author', rule: 'id-format' },
  { name: 'a path-like id', change: (e) => void (e.review!.assignee = '../admin'), path: 'review.assignee', rule: 'id-format' },
  { name: 'an empty title', change: (e) => void (e.title = ''), path: 'title', rule: 'min-length', message: /^title: must not be empty$/ },
  { name: 'a title of 201 characters', change: (e) => void (e.title = 't'.repeat(201)), path: 'title', rule: 'max-length', message: /^title: must be at most 200 characters$/ },
  { name: 'an annotation text of 2001 characters', change: (e) => void (annotation(e, 2).text = 'x'.repeat(2001)), path: 'annotations[2].text', rule: 'max-length' },
  { name: 'a verdict of 2001 characters', change: (e) => void (e.review!.verdict = 'v'.repeat(2001)), path: 'review.verdict', rule: 'max-length' },
  {
    name: 'more segments than the limit',
    change: (e) => void (e.segments = Array.from({ length: EDIT_LIMITS.segments + 1 }, (_, i) => ({ start: i, end: i + 0.5 }))),
    path: 'segments',
    rule: 'max-items',
    message: /^segments: must have at most 1000 items$/,
  },
  {
    name: 'more shapes than the limit',
    change: (e) => void (annotation(e).drawing!.shapes = Array.from({ length: EDIT_LIMITS.shapesPerDrawing + 1 }, () => ({ ...shape(e, 0) }))),
    path: 'annotations[0].drawing.shapes',
    rule: 'max-items',
  },
  { name: 'a fractional version', change: (e) => void (e.version = 1.5), path: 'version', rule: 'integer' },
  { name: 'version 0', change: (e) => void (e.version = 0), path: 'version', rule: 'min-value', message: /^version: must be at least 1$/ },
  { name: 'an infinite segment end', change: (e) => void ((e.segments[2] as { end: number }).end = Infinity), path: 'segments[2].end', rule: 'finite' },
  { name: 'a negative segment start', change: (e) => void ((e.segments[0] as { start: number }).start = -0.04), path: 'segments[0].start', rule: 'non-negative' },
  { name: 'a negative annotation time', change: (e) => void (annotation(e, 1).time = -1), path: 'annotations[1].time', rule: 'non-negative' },
  { name: 'a zero annotation duration', change: (e) => void (annotation(e).duration = 0), path: 'annotations[0].duration', rule: 'positive' },
  { name: 'a point right of the frame', change: (e) => void (shape(e, 3).points[1] = [1.2, 0.5]), path: 'annotations[0].drawing.shapes[3].points[1][0]', rule: 'inside-frame' },
  { name: 'a point above the frame', change: (e) => void (shape(e, 1).points[0] = [0.5, -0.01]), path: 'annotations[0].drawing.shapes[1].points[0][1]', rule: 'inside-frame' },
  { name: 'a colour by name', change: (e) => void (shape(e, 0).color = 'red'), path: 'annotations[0].drawing.shapes[0].color', rule: 'color' },
  { name: 'a short hex colour', change: (e) => void (shape(e, 2).color = '#fff'), path: 'annotations[0].drawing.shapes[2].color', rule: 'color' },
  { name: 'a date that does not exist', change: (e) => void (e.createdAt = '2026-02-30T09:00:00Z'), path: 'createdAt', rule: 'iso-timestamp' },
  { name: 'a timestamp without a zone', change: (e) => void (e.updatedAt = '2026-03-02T15:00:00'), path: 'updatedAt', rule: 'iso-timestamp' },
  { name: 'a date in prose', change: (e) => void (annotation(e, 3).createdAt = '1 March 2026'), path: 'annotations[3].createdAt', rule: 'iso-timestamp' },
  { name: 'a returnedAt at hour 24', change: (e) => void (e.review!.returnedAt = '2026-03-02T24:00:00Z'), path: 'review.returnedAt', rule: 'iso-timestamp' },
  // values against one another
  { name: 'an arrow with three points', change: (e) => void shape(e, 0).points.push([0.9, 0.9]), path: 'annotations[0].drawing.shapes[0].points', rule: 'point-count', message: /an arrow needs exactly 2 points, tail then head; it has 3$/ },
  { name: 'a rect with one point', change: (e) => void shape(e, 2).points.pop(), path: 'annotations[0].drawing.shapes[2].points', rule: 'point-count' },
  { name: 'an ellipse with no points', change: (e) => void (shape(e, 1).points = []), path: 'annotations[0].drawing.shapes[1].points', rule: 'point-count' },
  { name: 'a freehand stroke of one point', change: (e) => void (shape(e, 3).points = [[0.5, 0.5]]), path: 'annotations[0].drawing.shapes[3].points', rule: 'point-count' },
  { name: 'a segment that ends where it starts', change: (e) => void (e.segments[0] = { start: 5, end: 5 }), path: 'segments[0].end', rule: 'start-before-end' },
  { name: 'segments out of order', change: (e) => void (e.segments = [{ start: 20, end: 30 }, { start: 0, end: 10 }]), path: 'segments[1].start', rule: 'sorted' },
  {
    name: 'overlapping segments',
    change: (e) => void (e.segments = [{ start: 0, end: 10 }, { start: 9.96, end: 15 }]),
    path: 'segments[1].start',
    rule: 'non-overlapping',
    message: /^segments\[1\]\.start: must not be before segments\[0\]\.end \(10 s\)/,
  },
  { name: 'a repeated annotation id', change: (e) => void (annotation(e, 2).id = 'a1'), path: 'annotations[2].id', rule: 'unique-id' },
  // against the asset
  {
    name: 'a segment past the end of the asset',
    change: (e) => void ((e.segments[2] as { end: number }).end = 60.04),
    path: 'segments[2].end',
    rule: 'inside-asset',
    message: /^segments\[2\]\.end: must be at most the asset duration 60 s$/,
    context: GOLDEN_ASSET,
  },
  { name: 'an annotation after the end of the asset', change: (e) => void (annotation(e, 3).time = 61), path: 'annotations[3].time', rule: 'inside-asset', context: { assetDuration: 60 } },
  {
    name: 'an annotation lasting past the end of the asset',
    change: (e) => void Object.assign(annotation(e), { time: 59, duration: 2 }),
    path: 'annotations[0].duration',
    rule: 'inside-asset',
    message: /must end by the asset duration 60 s \(it ends at 61 s\)$/,
    context: GOLDEN_ASSET,
  },
  {
    name: 'a segment shorter than one frame',
    change: (e) => void (e.segments[0] = { start: 0, end: 0.02 }),
    path: 'segments[0].end',
    rule: 'min-one-frame',
    message: /^segments\[0\]\.end: must be at least one frame \(1\/25 s\) after its start 0 s$/,
    context: GOLDEN_ASSET,
  },
];

describe('parseEdit: one refusal per rule', () => {
  for (const refusal of REFUSALS) {
    it(`refuses ${refusal.name}: ${refusal.path} [${refusal.rule}]`, () => {
      const input = goldenEdit();
      refusal.change(input);
      const before = structuredClone(input);
      const result = safeParseEdit(input, refusal.context);
      assert.equal(result.ok, false);
      const issues = result.ok ? [] : result.issues;
      assert.deepEqual(
        issues.map(({ path, rule }) => ({ path, rule })),
        [{ path: refusal.path, rule: refusal.rule }],
        `exactly one issue, at ${refusal.path}`,
      );
      const [issue] = issues;
      assert.ok(issue?.message.startsWith(`${refusal.path}: `), issue?.message);
      if (refusal.message) assert.match(issue?.message ?? '', refusal.message);
      assert.throws(
        () => parseEdit(input, refusal.context),
        (error: unknown) => {
          assert.ok(error instanceof EditValidationError);
          assert.equal(error.name, 'EditValidationError');
          assert.deepEqual(error.issues, issues);
          assert.equal(error.message, `${issue?.message} [${refusal.rule}]`);
          return true;
        },
      );
      assert.deepEqual(input, before, 'the input is left as it was');
    });
  }

  it('checks the asset rules only when given the asset', () => {
    const input = goldenEdit();
    input.segments[2] = { start: 31.28, end: 75 };
    input.segments.push({ start: 80, end: 80.01 });
    assert.equal(safeParseEdit(input).ok, true);
    assert.deepEqual(
      (safeParseEdit(input, GOLDEN_ASSET) as { issues: { path: string; rule: string }[] }).issues.map(({ path, rule }) => `${path} ${rule}`),
      ['segments[2].end inside-asset', 'segments[3].end min-one-frame', 'segments[3].end inside-asset'],
    );
  });
});

describe('parseEdit: refusing whole', () => {
  it('lists every issue in one refusal and names the first in the message', () => {
    const input = goldenEdit() as unknown as Record<string, unknown>;
    input.title = '';
    input.status = 'done';
    input.extra = true;
    assert.throws(
      () => parseEdit(input),
      (error: unknown) => {
        assert.ok(error instanceof EditValidationError);
        assert.deepEqual(
          error.issues.map((issue) => issue.path),
          ['title', 'status', 'extra'],
        );
        assert.equal(error.message, 'title: must not be empty [min-length] (and 2 more issues)');
        return true;
      },
    );
  });

  it('refuses what is not an object at all', () => {
    for (const input of [null, 'edit', 42, [], undefined]) {
      const result = safeParseEdit(input);
      assert.equal(result.ok, false);
      assert.deepEqual(result.ok ? undefined : result.issues, [{ path: '', rule: 'type', message: 'edit: must be an object' }]);
    }
  });

  it('throws a RangeError for a context that is not an asset (a programmer mistake)', () => {
    assert.throws(() => parseEdit(goldenEdit(), { assetDuration: -1 }), { name: 'RangeError', message: /context\.assetDuration/ });
    assert.throws(() => parseEdit(goldenEdit(), { assetDuration: Number.NaN }), { name: 'RangeError', message: /context\.assetDuration/ });
    assert.throws(() => parseEdit(goldenEdit(), { frameRate: 0 }), { name: 'RangeError', message: /context\.frameRate/ });
  });
});

describe('createEdit', () => {
  it('makes an empty draft that parses', () => {
    const edit = createEdit({ id: 'edit-9', assetId: 'case-002', title: 'Knot tying', createdBy: 'trainee-2', now: new Date(Date.UTC(2026, 2, 1, 9, 30)) });
    assert.deepEqual(edit, {
      schema: EDIT_SCHEMA_ID,
      id: 'edit-9',
      assetId: 'case-002',
      title: 'Knot tying',
      version: 1,
      status: 'draft',
      segments: [],
      annotations: [],
      createdBy: 'trainee-2',
      createdAt: '2026-03-01T09:30:00.000Z',
      updatedAt: '2026-03-01T09:30:00.000Z',
    });
    assert.deepEqual(parseEdit(edit, GOLDEN_ASSET), edit);
  });

  it('takes `now` as an ISO string too, and refuses bad ids with the field named', () => {
    assert.equal(createEdit({ id: 'e', assetId: 'a', title: 'T', createdBy: 'u', now: '2026-03-01T09:30:00Z' }).createdAt, '2026-03-01T09:30:00Z');
    assert.throws(() => createEdit({ id: 'e/1', assetId: 'a', title: 'T', createdBy: 'u', now: new Date() }), {
      name: 'EditValidationError',
      message: /^id: must be 1 to 100 characters/,
    });
    assert.throws(() => createEdit({ id: 'e', assetId: 'a', title: 'T', createdBy: 'u', now: 'yesterday' }), { message: /^createdAt: must be an ISO 8601 timestamp/ });
    assert.throws(() => createEdit({ id: 'e', assetId: 'a', title: 'T', createdBy: 'u', now: new Date(Number.NaN) }), { name: 'RangeError', message: /`now`/ });
  });
});
