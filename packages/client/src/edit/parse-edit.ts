/**
 * The one way in for an Edit from outside (an HTTP body, stored JSON, an attribute): the input is
 * checked whole against the schema and the rules, and either comes back as a new, typed Edit or is
 * refused with every issue named by field and rule. Nothing of a refused input is kept.
 */
import * as v from 'valibot';
import { crossFieldIssues, type RuleContext } from './edit-rules.js';
import { EDIT_LIMITS, EDIT_SCHEMA_ID, EditSchema, type Edit, type EditContext } from './edit-schema.js';
import { EditValidationError, type EditIssue, type EditRule } from './edit-validation-error.js';
import { rateOf } from './frame-math.js';

export type SafeParseEditResult = { ok: true; edit: Edit } | { ok: false; issues: EditIssue[] };

/**
 * Checks `input` and returns it as a new Edit, or throws an EditValidationError naming every field
 * at fault. With `context` (the asset's duration in seconds and frame rate) the segments and
 * annotations must also lie inside the asset and each segment last at least one frame.
 * A bad `context` is a programmer's mistake and throws a RangeError.
 */
export function parseEdit(input: unknown, context?: Partial<EditContext>): Edit {
  const result = safeParseEdit(input, context);
  if (!result.ok) throw new EditValidationError(result.issues);
  return result.edit;
}

/** As `parseEdit`, but returns `{ ok: true, edit }` or `{ ok: false, issues }` instead of throwing. */
export function safeParseEdit(input: unknown, context: Partial<EditContext> = {}): SafeParseEditResult {
  const rules = ruleContext(context);
  // valibot takes an array for an object (and would list every field as missing): say what it is.
  if (Array.isArray(input)) return { ok: false, issues: [{ path: '', rule: 'type', message: `edit: must be ${TYPE_NAMES.strict_object}` }] };
  const result = v.safeParse(EditSchema, input);
  const issues = (result.issues ?? []).map(toEditIssue);
  // The rules between fields need every field's type right; a wrong type alone refuses the input.
  if (result.typed) issues.push(...crossFieldIssues(result.output, rules));
  return issues.length === 0 && result.typed ? { ok: true, edit: result.output } : { ok: false, issues };
}

export interface NewEdit {
  id: string;
  assetId: string;
  title: string;
  createdBy: string;
  /** The creation time, `new Date()` at the caller: this function reads no clock. */
  now: Date | string;
}

/** An empty draft (version 1, no segments, no annotations). Throws an EditValidationError for a bad id or title. */
export function createEdit({ id, assetId, title, createdBy, now }: NewEdit): Edit {
  if (now instanceof Date && Number.isNaN(now.getTime())) throw new RangeError('createEdit: `now` is an invalid Date.');
  const createdAt = typeof now === 'string' ? now : now.toISOString();
  return parseEdit({
    schema: EDIT_SCHEMA_ID,
    id,
    assetId,
    title,
    version: 1,
    status: 'draft',
    segments: [],
    annotations: [],
    createdBy,
    createdAt,
    updatedAt: createdAt,
  });
}

function ruleContext({ assetDuration, frameRate }: Partial<EditContext>): RuleContext {
  if (assetDuration !== undefined && !(typeof assetDuration === 'number' && Number.isFinite(assetDuration) && assetDuration > 0)) {
    throw new RangeError(`parseEdit: \`context.assetDuration\` must be the asset's duration in seconds, above 0; got ${String(assetDuration)}.`);
  }
  const rate = frameRate === undefined ? undefined : rateOf(frameRate, 'context.frameRate');
  return { assetDuration, frameRate, rate };
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  array: 'a list',
  strict_object: 'an object',
  strict_tuple: 'a point [x, y]',
};

/** What each value rule asks, given valibot's requirement (a length, a bound). */
const VALUE_RULES: Partial<Record<EditRule, (requirement: unknown) => string>> = {
  'id-format': () => `must be 1 to ${EDIT_LIMITS.idLength} characters, each a letter, a digit, _ or -`,
  'min-length': () => 'must not be empty',
  'max-length': (n) => `must be at most ${String(n)} characters`,
  'max-items': (n) => `must have at most ${String(n)} items`,
  integer: () => 'must be a whole number',
  'min-value': (n) => `must be at least ${String(n)}`,
  finite: () => 'must be a finite number',
  'non-negative': () => 'must not be negative',
  positive: () => 'must be above 0',
  'inside-frame': () => 'must be between 0 and 1, a fraction of the frame',
  color: () => 'must be a colour written #rrggbb, e.g. #e53935',
  'iso-timestamp': () => 'must be an ISO 8601 timestamp such as 2026-03-01T09:30:00Z',
};

function toEditIssue(issue: v.BaseIssue<unknown>): EditIssue {
  const keys = issue.path?.map((item) => item.key as string | number) ?? [];
  const [rule, text, at] = describe(issue, keys);
  const path = pathOf(at);
  return { path, rule, message: `${path || 'edit'}: ${text}` };
}

function describe(issue: v.BaseIssue<unknown>, keys: (string | number)[]): [EditRule, string, (string | number)[]] {
  if (issue.kind === 'validation') {
    const rule = issue.message as EditRule;
    return [rule, VALUE_RULES[rule]?.(issue.requirement) ?? issue.message, keys];
  }
  if (issue.received === 'undefined' && keys.length > 0) return ['required', 'is required', keys];
  if (issue.expected === 'never') {
    // A key the schema does not know, or a third coordinate on a point.
    return issue.type === 'strict_tuple'
      ? ['type', 'must be a point [x, y]', keys.slice(0, -1)]
      : ['unknown-key', `is not a field of ${EDIT_SCHEMA_ID}`, keys];
  }
  if (issue.type === 'literal') return ['schema-id', `must be "${EDIT_SCHEMA_ID}"`, keys];
  if (issue.type === 'picklist') return ['one-of', `must be one of ${issue.expected?.replace(/^\(|\)$/g, '').replaceAll(' | ', ', ')}`, keys];
  return ['type', `must be ${TYPE_NAMES[issue.type] ?? issue.expected}`, keys];
}

/** `['segments', 2, 'end']` -> `segments[2].end`. */
function pathOf(keys: (string | number)[]): string {
  return keys.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
}
