import type { Annotation } from '@surgery-video/client';

/** What `addAnnotation` needs; the editor fills in `id`, `author` and `createdAt` when left out. */
export type AnnotationInput = Partial<Annotation> & { time: number };
/** What `updateAnnotation` may change. */
export type AnnotationPatch = Partial<Omit<Annotation, 'id' | 'author' | 'createdAt'>>;
