/**
 * The synthetic recorded cases of the local stack: what each one is called, how long it runs and
 * which procedure phases (chapters) and narration (captions) it carries. Ids and training titles
 * only, never patient data. The picture is the synthetic camera of test-source.ts; these entries
 * only give it a shape that the library, the chapter menu and the caption track can show.
 */

export interface CaseChapterDefinition {
  /** The procedure phase, shown in the chapter menu. */
  title: string;
  /** Seconds from the start of the case; the first chapter starts at 0. */
  start: number;
  /** Narration lines, spread evenly over the phase as caption cues. */
  narration: readonly string[];
}

export interface CaseDefinition {
  /** Lowercase letters, digits and dashes: it names a folder and appears in URLs. */
  id: string;
  title: string;
  /** The specialty that reviews edits of this case (matches a specialist's `specialty`). */
  specialty?: string;
  /** Whole seconds. */
  durationSeconds: number;
  /** Whole frames per second. */
  frameRate: number;
  /** Audio tone, so cases can be told apart by ear. */
  toneHz?: number;
  chapters: readonly CaseChapterDefinition[];
}

export const CASE_CATALOGUE: readonly CaseDefinition[] = [
  {
    id: 'case-001',
    title: 'Laparoscopic cholecystectomy — training sample',
    specialty: 'general-surgery',
    durationSeconds: 60,
    frameRate: 30,
    toneHz: 880,
    chapters: [
      {
        title: 'Port placement & insufflation',
        start: 0,
        narration: ['Umbilical port placed under direct vision.', 'Pneumoperitoneum established; working ports added.'],
      },
      {
        title: "Exposure of Calot's triangle",
        start: 12,
        narration: ['Fundus retracted cranially, infundibulum laterally.', 'Peritoneum over the triangle is opened.'],
      },
      {
        title: 'Critical view of safety',
        start: 24,
        narration: ['Two structures, and only two, enter the gallbladder.', 'Lower third of the cystic plate is cleared.'],
      },
      {
        title: 'Clipping & division',
        start: 36,
        narration: ['Cystic artery and duct are clipped: two clips stay on the patient side.', 'Both structures are divided.'],
      },
      {
        title: 'Dissection from the liver bed & extraction',
        start: 48,
        narration: ['Gallbladder is freed from the liver bed.', 'Specimen retrieved in a bag; ports closed.'],
      },
    ],
  },
  {
    id: 'case-002',
    title: 'Knee arthroscopy — training sample',
    specialty: 'orthopaedics',
    durationSeconds: 180,
    frameRate: 30,
    toneHz: 660,
    chapters: [
      {
        title: 'Portal placement',
        start: 0,
        narration: ['Anterolateral portal made with the knee flexed.', 'Anteromedial portal placed under vision with a needle.'],
      },
      {
        title: 'Diagnostic round',
        start: 24,
        narration: ['Suprapatellar pouch and patellofemoral joint are inspected.', 'The gutters are checked for loose bodies.'],
      },
      {
        title: 'Medial compartment',
        start: 60,
        narration: ['Valgus stress opens the medial compartment.', 'Probe shows a tear of the posterior horn of the medial meniscus.'],
      },
      {
        title: 'Partial meniscectomy',
        start: 96,
        narration: ['Unstable fragment is trimmed with a basket punch.', 'Rim is smoothed with the shaver; stable remnant is kept.'],
      },
      {
        title: 'Intercondylar notch & lateral compartment',
        start: 132,
        narration: ['Anterior cruciate ligament is intact on probing.', 'Figure-of-four position opens the lateral compartment.'],
      },
      {
        title: 'Irrigation & closure',
        start: 162,
        narration: ['Joint is irrigated and instruments withdrawn.', 'Portals closed; dressing applied.'],
      },
    ],
  },
];

/** The catalogue entry with this id; throws, listing the known ids, when there is none. */
export function findCase(id: string): CaseDefinition {
  const found = CASE_CATALOGUE.find((entry) => entry.id === id);
  if (!found) {
    throw new Error(`Unknown recorded case "${id}"; known cases: ${CASE_CATALOGUE.map((entry) => entry.id).join(', ')}.`);
  }
  return found;
}

/** Throws, naming the field, when a definition cannot be generated. */
export function assertCaseDefinition(definition: CaseDefinition): void {
  const where = `case ${JSON.stringify(definition.id)}`;
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(definition.id)) {
    throw new TypeError(`${where}: id must be lowercase letters, digits and dashes (it names a folder).`);
  }
  if (!definition.title.trim()) throw new TypeError(`${where}: title must not be empty.`);
  if (!Number.isInteger(definition.durationSeconds) || definition.durationSeconds < 2) {
    throw new RangeError(`${where}: durationSeconds must be a whole number >= 2, not ${definition.durationSeconds}.`);
  }
  if (!Number.isInteger(definition.frameRate) || definition.frameRate < 1 || definition.frameRate > 120) {
    throw new RangeError(`${where}: frameRate must be a whole number from 1 to 120, not ${definition.frameRate}.`);
  }
  if (definition.chapters.length === 0) throw new RangeError(`${where}: chapters must not be empty.`);
  definition.chapters.forEach((chapter, index) => {
    const field = `${where}: chapters[${index}]`;
    if (!chapter.title.trim()) throw new TypeError(`${field}.title must not be empty.`);
    if (index === 0 && chapter.start !== 0) throw new RangeError(`${field}.start must be 0.`);
    const previous = definition.chapters[index - 1];
    if (previous && !(chapter.start > previous.start)) {
      throw new RangeError(`${field}.start must be after chapters[${index - 1}].start.`);
    }
    if (!(chapter.start < definition.durationSeconds)) {
      throw new RangeError(`${field}.start must be before the end of the case (${definition.durationSeconds} s).`);
    }
  });
}
