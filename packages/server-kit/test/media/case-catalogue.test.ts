import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCaseDefinition, CASE_CATALOGUE, findCase, type CaseDefinition } from '../../src/media/case-catalogue.js';
import { caseChapters, captionCues, captionsVtt, chaptersVtt } from '../../src/media/case-text-tracks.js';

describe('CASE_CATALOGUE', () => {
  it('holds case-001 (60 s) and case-002 (180 s), at 30 fps, each a valid definition', () => {
    assert.deepEqual(
      CASE_CATALOGUE.map((entry) => [entry.id, entry.durationSeconds, entry.frameRate]),
      [
        ['case-001', 60, 30],
        ['case-002', 180, 30],
      ],
    );
    for (const entry of CASE_CATALOGUE) {
      assert.doesNotThrow(() => assertCaseDefinition(entry));
      assert.match(entry.title, /training sample/);
    }
  });

  it('gives every phase at least two narration lines', () => {
    for (const entry of CASE_CATALOGUE) {
      for (const chapter of entry.chapters) assert.ok(chapter.narration.length >= 2, `${entry.id}: ${chapter.title}`);
    }
  });

  it('finds entries by id and lists the known ids otherwise', () => {
    assert.equal(findCase('case-002').title, 'Knee arthroscopy — training sample');
    assert.throws(() => findCase('case-999'), /known cases: case-001, case-002/);
  });
});

describe('assertCaseDefinition', () => {
  const valid: CaseDefinition = { id: 'case-x', title: 'X', durationSeconds: 10, frameRate: 30, chapters: [{ title: 'A', start: 0, narration: [] }] };
  const table: [string, Partial<CaseDefinition>, RegExp][] = [
    ['an id that is not a folder name', { id: '../etc' }, /id must be/],
    ['an empty title', { title: ' ' }, /title/],
    ['a fractional duration', { durationSeconds: 10.5 }, /durationSeconds/],
    ['a fractional frame rate', { frameRate: 29.97 }, /frameRate/],
    ['no chapters', { chapters: [] }, /chapters must not be empty/],
    ['a first chapter after 0', { chapters: [{ title: 'A', start: 1, narration: [] }] }, /chapters\[0\]\.start must be 0/],
    ['unsorted chapters', { chapters: [{ title: 'A', start: 0, narration: [] }, { title: 'B', start: 0, narration: [] }] }, /chapters\[1\]\.start must be after/],
    ['a chapter past the end', { chapters: [{ title: 'A', start: 0, narration: [] }, { title: 'B', start: 10, narration: [] }] }, /before the end/],
  ];
  for (const [what, patch, message] of table) {
    it(`refuses ${what}, naming the field`, () => assert.throws(() => assertCaseDefinition({ ...valid, ...patch }), message));
  }
});

describe('case text tracks', () => {
  const entry = findCase('case-001');

  it('runs each chapter to the start of the next, the last to the end of the case', () => {
    const chapters = caseChapters(entry);
    assert.deepEqual(chapters[0], { title: 'Port placement & insufflation', start: 0, end: 12 });
    assert.deepEqual(chapters.at(-1), { title: 'Dissection from the liver bed & extraction', start: 48, end: 60 });
    assert.match(chaptersVtt(entry), /^WEBVTT\n\nchapter-1\n00:00:00\.000 --> 00:00:12\.000\nPort placement &amp; insufflation\n/);
  });

  it('places each narration line inside its own phase, in order, without overlaps', () => {
    const cues = captionCues(entry);
    assert.equal(cues.length, entry.chapters.reduce((sum, chapter) => sum + chapter.narration.length, 0));
    const chapters = caseChapters(entry);
    let i = 0;
    chapters.forEach((chapter, index) => {
      for (const line of entry.chapters[index]!.narration) {
        const cue = cues[i++]!;
        assert.equal(cue.text, line);
        assert.ok(cue.start >= chapter.start && cue.end <= chapter.end && cue.end > cue.start, `${line}: ${cue.start}-${cue.end}`);
      }
    });
    for (let k = 1; k < cues.length; k++) assert.ok(cues[k]!.start >= cues[k - 1]!.end);
    assert.match(captionsVtt(entry), /\n00:00:00\.500 --> 00:00:05\.500\nUmbilical port placed under direct vision\.\n/);
  });
});
