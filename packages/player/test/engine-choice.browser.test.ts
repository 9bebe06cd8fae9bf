/** Which engine plays what: by the URL's type, then by Media Source Extensions support. */
import { expect } from '@esm-bundle/chai';
import { chooseEngine, hasMediaSource, sourceTypeOf } from '../src/engines/engine-loader.js';

describe('engine choice', () => {
  it('reads the source type from the path, ignoring query and fragment', () => {
    expect(sourceTypeOf('https://cdn.example/vod/case/master.m3u8?Policy=x&Signature=y')).to.equal('hls');
    expect(sourceTypeOf('https://cdn.example/live/or-1/ll/manifest.MPD#t=3')).to.equal('dash');
    expect(sourceTypeOf('https://cdn.example/renders/edit-1.mp4')).to.equal('progressive');
    expect(sourceTypeOf('https://cdn.example/stream?format=m3u8')).to.equal('progressive');
  });

  it('picks hls.js and shaka where MSE plays H.264, native playback elsewhere', () => {
    const video = document.createElement('video');
    expect(hasMediaSource(), 'Chromium has MSE').to.equal(true);
    const table = [
      ['hls', true, 'hls.js'],
      ['dash', true, 'shaka'],
      ['progressive', true, 'native'],
      ['progressive', false, 'native'],
      ['dash', false, undefined],
    ] as const;
    for (const [type, mse, engine] of table) expect(chooseEngine(type, video, mse), `${type}, MSE ${mse}`).to.equal(engine);
    // Without MSE, HLS goes native only where the browser says it can play it.
    const native = video.canPlayType('application/vnd.apple.mpegurl') !== '' ? 'native' : undefined;
    expect(chooseEngine('hls', video, false)).to.equal(native);
  });
});
