/**
 * The colour of each annotation kind, as a CSS value: the page's `--surgery-annotation-<kind>`
 * custom property (set anywhere up the tree: `:root`, the player), else the default. The overlay
 * and the controls' timeline markers use these, so one custom property recolours both.
 */
export const ANNOTATION_COLORS = {
  mistake: 'var(--surgery-annotation-mistake, #e53935)',
  'good-practice': 'var(--surgery-annotation-good-practice, #43a047)',
  question: 'var(--surgery-annotation-question, #ffb300)',
  note: 'var(--surgery-annotation-note, #1e88e5)',
} as const;

export type AnnotationColorKind = keyof typeof ANNOTATION_COLORS;
