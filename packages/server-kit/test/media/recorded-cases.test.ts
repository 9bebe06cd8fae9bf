import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseMpdSegments } from '../../src/media/dash-mpd.js';
import { readFrameCode } from '../../src/media/frame-code.js';
import { parseMasterPlaylist } from '../../src/media/hls-master.js';
import {
  ensureRecordedCases,
  generateCase,
  type CaseDefinition,
  type RecordedCase,
  type RecordedCaseProgress,
} from '../../src/media/recorded-cases.js';
import { decodeLuma, hlsMediaPlaylist, imageSize, parseVtt, videoPackets } from './media-inspect.js';

/** A short case, so the whole pipeline runs in seconds. */
const SHORT: CaseDefinition = {
  id: 'case-test',
  title: 'Short pipeline check — training sample',
  durationSeconds: 6,
  frameRate: 30,
  chapters: [
    { title: 'Access & exposure', start: 0, narration: ['Ports placed.', 'View <established>.'] },
    { title: 'Closure', start: 4, narration: ['Ports closed.'] },
  ],
};

const LADDER = [
  ['720p', 1280, 720],
  ['480p', 854, 480],
  ['240p', 426, 240],
] as const;

async function snapshot(dir: string): Promise<Map<string, number>> {
  const entries = new Map<string, number>();
  for (const name of await readdir(dir)) entries.set(name, (await stat(join(dir, name))).mtimeMs);
  return entries;
}

describe('ensureRecordedCases on a short case', () => {
  let dataDir: string;
  let caseDir: string;
  let recorded: RecordedCase;
  const progress: RecordedCaseProgress[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'recorded-cases-'));
    caseDir = join(dataDir, 'media', 'vod', SHORT.id);
    const cases = await ensureRecordedCases({ dataDir, cases: [SHORT], onProgress: (p) => progress.push(p) });
    assert.equal(cases.length, 1);
    recorded = cases[0]!;
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('returns what case.json holds: ids, three renditions, files, chapters, generator', async () => {
    const stored = JSON.parse(await readFile(join(caseDir, 'case.json'), 'utf8'));
    assert.deepEqual(stored, recorded);
    assert.equal(recorded.id, 'case-test');
    assert.equal(recorded.frameRate, 30);
    assert.equal(recorded.frameCount, 180);
    assert.deepEqual(recorded.renditions.map((r) => [r.id, r.width, r.height]), LADDER);
    for (const rendition of recorded.renditions) assert.ok(rendition.bandwidth > 100_000, `${rendition.id} bandwidth`);
    assert.deepEqual(recorded.files, {
      hls: 'master.m3u8',
      dash: 'manifest.mpd',
      thumbnails: 'thumbnails.vtt',
      captions: 'captions.en.vtt',
      chapters: 'chapters.vtt',
      poster: 'poster.jpg',
    });
    for (const name of Object.values(recorded.files)) assert.ok((await stat(join(caseDir, name))).size > 0, name);
    assert.deepEqual(recorded.chapters, [
      { title: 'Access & exposure', start: 0, end: 4 },
      { title: 'Closure', start: 4, end: 6 },
    ]);
    assert.equal(recorded.generator.version, 1);
    assert.match(recorded.generator.paramsHash, /^[0-9a-f]{16}$/);
    assert.ok(!Number.isNaN(Date.parse(recorded.generatedAt)));
  });

  it('reports progress from 0 to 1, never going back, ending with done', () => {
    assert.ok(progress.length >= 4, `${progress.length} progress calls`);
    assert.ok(progress.every((p) => p.caseId === 'case-test'));
    assert.ok(progress.some((p) => p.stage === 'encoding' && p.fraction > 0 && p.fraction < 1));
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.fraction >= progress[i - 1]!.fraction);
    assert.deepEqual(progress.at(-1), { caseId: 'case-test', stage: 'done', fraction: 1, caseFraction: 1 });
  });

  it('leaves only the case folder in media/vod (no temp folders)', async () => {
    assert.deepEqual(await readdir(join(dataDir, 'media', 'vod')), ['case-test']);
  });

  it('has an HLS master with three 30 fps renditions, one audio group and the captions', async () => {
    const master = parseMasterPlaylist(await readFile(join(caseDir, 'master.m3u8'), 'utf8'));
    assert.deepEqual(
      master.variants.map((v) => [v.width, v.height, v.frameRate]),
      LADDER.map(([, width, height]) => [width, height, 30]),
    );
    assert.ok(master.variants.every((v) => v.codecs?.startsWith('avc1.') && v.codecs.includes('mp4a.40.2')));
    const subtitles = master.media.find((m) => m.type === 'SUBTITLES');
    assert.deepEqual(subtitles && [subtitles.uri, subtitles.language], ['captions.m3u8', 'en']);
    const captions = await hlsMediaPlaylist(join(caseDir, 'captions.m3u8'));
    assert.deepEqual(captions.segments, ['captions.en.vtt']);
    assert.deepEqual(captions.durations, [6]);
  });

  it('references one set of segment files from both manifests, and every one exists', async () => {
    const master = parseMasterPlaylist(await readFile(join(caseDir, 'master.m3u8'), 'utf8'));
    const hlsPlaylists = [...master.variants.map((v) => v.uri), ...master.media.filter((m) => m.type === 'AUDIO').map((m) => m.uri!)];
    const fromHls = await Promise.all(
      hlsPlaylists.map(async (uri) => {
        const playlist = await hlsMediaPlaylist(join(caseDir, uri));
        return [playlist.init, ...playlist.segments].join(' ');
      }),
    );
    const reps = parseMpdSegments(await readFile(join(caseDir, 'manifest.mpd'), 'utf8'));
    const fromDash = reps.filter((rep) => rep.contentType !== 'text').map((rep) => [rep.initialization, ...rep.segments].join(' '));
    assert.equal(fromHls.length, 4);
    assert.deepEqual([...fromHls].sort(), [...fromDash].sort());

    const referenced = new Set(fromHls.flatMap((list) => list.split(' ')));
    const onDisk = (await readdir(caseDir)).filter((name) => name.endsWith('.m4s'));
    assert.deepEqual([...referenced].sort(), onDisk.sort(), 'no segment is missing and none is orphaned');

    const video = reps.filter((rep) => rep.contentType === 'video');
    assert.deepEqual(video.map((rep) => [rep.width, rep.height, rep.frameRate]), LADDER.map(([, w, h]) => [w, h, '30/1']));
    const text = reps.find((rep) => rep.contentType === 'text');
    assert.equal(text?.baseUrl, 'captions.en.vtt');
  });

  it('cuts every video segment at 2 s, starting on a keyframe, with no other keyframe inside', async () => {
    const reps = parseMpdSegments(await readFile(join(caseDir, 'manifest.mpd'), 'utf8')).filter((rep) => rep.contentType === 'video');
    for (const rep of reps) {
      assert.equal(rep.segments.length, 3, `${rep.id}: 6 s in 2 s segments`);
      for (const [index, segment] of rep.segments.entries()) {
        const packets = await videoPackets(join(caseDir, rep.initialization!), join(caseDir, segment));
        const where = `${rep.width}x${rep.height} ${segment}`;
        assert.equal(packets.length, 60, `${where}: 60 frames`);
        assert.equal(packets[0]!.keyframe, true, `${where}: starts on a keyframe`);
        assert.equal(packets.filter((p) => p.keyframe).length, 1, `${where}: one keyframe`);
        const first = Math.min(...packets.map((p) => p.ptsTime));
        assert.ok(Math.abs(first - index * 2) < 0.001, `${where}: starts at ${first}`);
      }
    }
  });

  it('shows frame N as frame N in every rendition (the burned-in frame code survives scaling and encoding)', async () => {
    const master = parseMasterPlaylist(await readFile(join(caseDir, 'master.m3u8'), 'utf8'));
    for (const variant of master.variants) {
      for (const n of [0, 59, 60, 137, 179]) {
        const luma = await decodeLuma(join(caseDir, variant.uri), n, variant.width!, variant.height!);
        assert.equal(readFrameCode(luma, variant.width!, variant.height!), n, `${variant.width}x${variant.height} frame ${n}`);
      }
    }
  });

  it('has thumbnail cues covering the whole case, each inside the sprite', async () => {
    const cues = parseVtt(await readFile(join(caseDir, 'thumbnails.vtt'), 'utf8'));
    const sprite = await imageSize(join(caseDir, 'thumbnails.jpg'));
    assert.equal(cues[0]?.start, 0);
    assert.equal(cues.at(-1)?.end, 6);
    for (let i = 1; i < cues.length; i++) assert.equal(cues[i]!.start, cues[i - 1]!.end, 'no gap between cues');
    for (const cue of cues) {
      const match = /^thumbnails\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(cue.text);
      assert.ok(match, cue.text);
      const [x, y, w, h] = match.slice(1).map(Number) as [number, number, number, number];
      assert.deepEqual([w, h], [160, 90]);
      assert.ok(x + w <= sprite.width && y + h <= sprite.height, `${cue.text} inside ${sprite.width}x${sprite.height}`);
    }
    assert.deepEqual(sprite, { width: 480, height: 90 });
    assert.deepEqual(await imageSize(join(caseDir, 'poster.jpg')), { width: 1280, height: 720 });
  });

  it('has captions and chapters tracks that match the definition', async () => {
    const chapters = parseVtt(await readFile(join(caseDir, 'chapters.vtt'), 'utf8'));
    assert.deepEqual(chapters, [
      { start: 0, end: 4, text: 'Access &amp; exposure' },
      { start: 4, end: 6, text: 'Closure' },
    ]);
    const captions = parseVtt(await readFile(join(caseDir, 'captions.en.vtt'), 'utf8'));
    assert.deepEqual(captions.map((cue) => cue.text), ['Ports placed.', 'View &lt;established&gt;.', 'Ports closed.']);
    assert.ok(captions.every((cue) => cue.start >= 0 && cue.end <= 6 && cue.end > cue.start));
  });

  it('skips generation on a second call: fast, same result, files untouched', async () => {
    const before = await snapshot(caseDir);
    const seen: RecordedCaseProgress[] = [];
    const started = performance.now();
    const again = await ensureRecordedCases({ dataDir, cases: [SHORT], onProgress: (p) => seen.push(p) });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 500, `second call took ${elapsed.toFixed(0)} ms`);
    assert.deepEqual(again, [recorded]);
    assert.deepEqual(seen, [{ caseId: 'case-test', stage: 'cached', fraction: 1, caseFraction: 1 }]);
    assert.deepEqual(await snapshot(caseDir), before);
  });

  it('keeps the finished case when a regeneration is aborted', async () => {
    const before = await snapshot(caseDir);
    const abort = new AbortController();
    const changed = { ...SHORT, title: 'Short pipeline check, renamed — training sample' };
    await assert.rejects(
      ensureRecordedCases({
        dataDir,
        cases: [changed],
        signal: abort.signal,
        onProgress: (p) => p.stage === 'encoding' && p.fraction > 0 && abort.abort(),
      }),
      { name: 'AbortError' },
    );
    assert.deepEqual(await readdir(join(dataDir, 'media', 'vod')), ['case-test']);
    assert.deepEqual(await snapshot(caseDir), before);
  });

  it('regenerates in place when the definition changes, clearing folders left by dead runs', async () => {
    const vodDir = join(dataDir, 'media', 'vod');
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await mkdir(join(vodDir, `.case-test.partial-${deadPid}-0badcafe`));
    const changed = { ...SHORT, title: 'Short pipeline check, renamed — training sample' };
    const [regenerated] = await ensureRecordedCases({ dataDir, cases: [changed] });
    assert.equal(regenerated?.title, changed.title);
    assert.notEqual(regenerated?.generator.paramsHash, recorded.generator.paramsHash);
    assert.equal(JSON.parse(await readFile(join(caseDir, 'case.json'), 'utf8')).title, changed.title);
    assert.deepEqual(await readdir(vodDir), ['case-test']);
  });
});

describe('an aborted first generation', () => {
  it('leaves no case folder behind, and rejects with an AbortError', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'recorded-cases-abort-'));
    try {
      const abort = new AbortController();
      let encoding = false;
      await assert.rejects(
        ensureRecordedCases({
          dataDir,
          cases: [SHORT],
          signal: abort.signal,
          onProgress: (p) => {
            if (p.stage === 'encoding' && p.fraction > 0 && !encoding) {
              encoding = true;
              abort.abort();
            }
          },
        }),
        { name: 'AbortError' },
      );
      assert.equal(encoding, true, 'aborted while ffmpeg was encoding');
      assert.deepEqual(await readdir(join(dataDir, 'media', 'vod')), []);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to generate into a folder that is not empty, and leaves it alone', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'recorded-cases-busy-'));
    try {
      await writeFile(join(dataDir, 'keep.txt'), 'mine');
      await assert.rejects(generateCase(SHORT, dataDir), /needs an empty folder/);
      assert.deepEqual(await readdir(dataDir), ['keep.txt']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('removes what generateCase wrote into its own folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'recorded-cases-abort-'));
    try {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 300);
      const outDir = join(dataDir, 'out');
      await assert.rejects(generateCase(SHORT, outDir, { signal: abort.signal }), { name: 'AbortError' });
      assert.deepEqual(await readdir(dataDir), []);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
