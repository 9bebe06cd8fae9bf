import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createFileOrigin, isSafeRelativePath } from '../../src/edge/file-origin.js';

let top: string;
let root: string;

before(async () => {
  top = await mkdtemp(join(tmpdir(), 'file-origin-'));
  root = join(top, 'media');
  await mkdir(join(root, 'case-001', '720p'), { recursive: true });
  await writeFile(join(root, 'case-001', 'video.mp4'), Buffer.from('0123456789'));
  await writeFile(join(root, 'case-001', '720p', 'seg-1.m4s'), 'segment');
  await writeFile(join(top, 'secret.txt'), 'patient data');
});

after(async () => {
  await rm(top, { recursive: true, force: true });
});

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('createFileOrigin', () => {
  const origin = () => createFileOrigin(root);

  it('serves a file with its size, modification time and an ETag', async () => {
    const object = await origin().get('case-001/video.mp4');
    assert.ok(object);
    assert.equal(object.size, 10);
    assert.ok(object.lastModified instanceof Date);
    assert.match(object.etag ?? '', /^"a-[0-9a-f]+"$/);
    assert.equal(await text(object.stream()), '0123456789');
    assert.equal(await text(object.stream({ start: 2, end: 4 })), '234');
    assert.equal(await text((await origin().get('case-001/720p/seg-1.m4s'))!.stream()), 'segment');
  });

  it('gives a rewritten file a new ETag', async () => {
    const file = join(root, 'case-001', 'changing.m3u8');
    await writeFile(file, '#EXTM3U\n');
    await utimes(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    const before = (await origin().get('case-001/changing.m3u8'))?.etag;
    await writeFile(file, '#EXTM3U\n#EXT-X-ENDLIST\n');
    const after = (await origin().get('case-001/changing.m3u8'))?.etag;
    assert.ok(before && after);
    assert.notEqual(before, after);
  });

  it('has nothing for a missing file, a directory, or a file under a file', async () => {
    assert.equal(await origin().get('case-001/nope.mp4'), undefined);
    assert.equal(await origin().get('case-001'), undefined);
    assert.equal(await origin().get('case-001/video.mp4/more'), undefined);
  });

  const traversals = [
    '../secret.txt',
    'case-001/../../secret.txt',
    '/etc/passwd',
    './case-001/video.mp4',
    'case-001//video.mp4',
    'case-001\\..\\..\\secret.txt',
    'case-001/video.mp4\0',
    '',
  ];
  for (const path of traversals) {
    it(`refuses ${JSON.stringify(path)}`, async () => {
      assert.equal(await origin().get(path), undefined);
    });
  }

  it('refuses an absolute path to a file that exists', async () => {
    assert.equal(await origin().get(join(top, 'secret.txt')), undefined);
    assert.equal(await origin().get(join(root, 'case-001', 'video.mp4')), undefined);
  });

  it('needs a root directory', () => {
    assert.throws(() => createFileOrigin(''), /rootDir must be the directory that holds the media files/);
  });
});

describe('isSafeRelativePath', () => {
  const table: Array<[string, boolean]> = [
    ['a.mp4', true],
    ['case-001/720p/seg-1.m4s', true],
    ['..a/b..', true],
    ['..', false],
    ['a/../b', false],
    ['a/./b', false],
    ['/a', false],
    ['a/', false],
    ['a\\b', false],
    ['', false],
  ];
  for (const [path, safe] of table) {
    it(`${JSON.stringify(path)} is ${safe ? 'safe' : 'refused'}`, () => assert.equal(isSafeRelativePath(path), safe));
  }
});
