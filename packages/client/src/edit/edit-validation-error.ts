/** The rule an input broke; stable strings, safe to branch on. */
export type EditRule =
  // shape
  | 'type'
  | 'required'
  | 'unknown-key'
  | 'schema-id'
  | 'one-of'
  // a value's own rule
  | 'id-format'
  | 'min-length'
  | 'max-length'
  | 'max-items'
  | 'integer'
  | 'min-value'
  | 'finite'
  | 'non-negative'
  | 'positive'
  | 'inside-frame'
  | 'color'
  | 'iso-timestamp'
  // values against one another, or against the asset
  | 'point-count'
  | 'start-before-end'
  | 'sorted'
  | 'non-overlapping'
  | 'unique-id'
  | 'inside-asset'
  | 'min-one-frame';

/**
 * One broken rule. `path` names the field as code would reach it (`segments[2].end`,
 * `annotations[0].drawing.shapes[1].points`); `''` is the input itself. `message` starts with the
 * path and says what the value must be, ready for a form or an API error's `message`.
 */
export interface EditIssue {
  path: string;
  rule: EditRule;
  message: string;
}

/**
 * Thrown by `parseEdit` when an input breaks any rule; nothing of it is kept. `issues` lists every
 * broken rule found; the message names the first (`segments[2].end: must be at most the asset
 * duration 60 s [inside-asset]`).
 */
export class EditValidationError extends Error {
  override readonly name = 'EditValidationError';
  readonly issues: readonly EditIssue[];

  constructor(issues: readonly EditIssue[]) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
    super(first ? `${first.message} [${first.rule}]${more}` : 'Invalid Edit.');
    this.issues = issues;
  }
}
