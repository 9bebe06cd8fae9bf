/**
 * How the local stack's media plays before `<surgery-player>` lands: a bare `<video>` fed by
 * hls.js (bundled from node_modules, never from a CDN), or played natively where the browser
 * plays HLS itself. When the player exists, its stories replace this one; until then this is the
 * quickest check that the stack's playlists, segments and signed access work in a browser.
 *
 * One hls.js instance per source: the previous one is detached and destroyed before the next
 * render and when the story is left (STYLE.md, "hls.js leaks").
 */
import Hls from 'hls.js';
import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

interface LocalStackVideoArgs {
  /** An HLS playlist URL from the local stack, e.g. `<stack URL>/media/vod/<case-id>/master.m3u8`. */
  src: string;
  /** Send cookies cross-origin, so the local edge sees its signed cookies from Storybook's origin. */
  withCredentials: boolean;
}

/** Tears down whatever the last render attached; at most one source plays at a time. */
let detachActive: (() => void) | undefined;

function teardown(): void {
  detachActive?.();
  detachActive = undefined;
}

/** `720p` from the master playlist; a bare media playlist gives no size, so fall back to its index. */
function renditionName(level: { height: number } | undefined, index: number): string {
  return level?.height ? `${level.height}p` : `#${index + 1}`;
}

function attachHls(video: HTMLVideoElement, src: string, withCredentials: boolean, report: (text: string) => void): () => void {
  const hls = new Hls({
    xhrSetup: withCredentials
      ? (xhr: XMLHttpRequest) => {
          xhr.withCredentials = true;
        }
      : undefined,
  });
  let renditions = '';
  let mediaRecoveries = 0;

  hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
    renditions = `${data.levels.length} rendition(s): ${data.levels.map(renditionName).join(', ')}`;
    report(`hls.js ${Hls.version}, ${renditions}`);
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => {
    report(`hls.js ${Hls.version}, ${renditions}; playing ${renditionName(hls.levels[data.level], data.level)}`);
  });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    // Non-fatal errors are retried by hls.js itself; only say something when it gives up.
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries < 1) {
      mediaRecoveries += 1;
      hls.recoverMediaError();
      return;
    }
    const code = data.response?.code;
    const hint = code === 403 ? ' The local edge refused the request: the signed cookie or URL is missing or expired.' : '';
    report(`Fatal ${data.type}: ${data.details}${code ? ` (HTTP ${code})` : ''}.${hint}`);
  });

  hls.attachMedia(video);
  hls.loadSource(src);
  return () => {
    hls.detachMedia();
    hls.destroy();
  };
}

function attachNative(video: HTMLVideoElement, src: string, report: (text: string) => void): () => void {
  video.src = src;
  report('Native HLS (this browser plays HLS without Media Source Extensions).');
  return () => {
    video.removeAttribute('src');
    video.load();
  };
}

function renderVideo({ src, withCredentials }: LocalStackVideoArgs): HTMLElement {
  const figure = document.createElement('figure');
  figure.style.margin = '0';
  const video = document.createElement('video');
  video.controls = true;
  video.muted = true; // lets autoplay start; unmute from the controls
  video.autoplay = true;
  video.playsInline = true;
  video.style.width = 'min(100%, 960px)';
  video.style.background = '#000';
  const status = document.createElement('figcaption');
  status.setAttribute('role', 'status');
  status.style.font = '13px/1.4 system-ui, sans-serif';
  figure.append(video, status);

  const report = (text: string) => {
    status.textContent = text;
  };
  video.addEventListener('error', () => {
    report(`Video element error: ${video.error?.message || `code ${video.error?.code ?? '?'}`}`);
  });

  if (Hls.isSupported()) {
    detachActive = attachHls(video, src, withCredentials, report);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    detachActive = attachNative(video, src, report);
  } else {
    report('This browser plays HLS neither through Media Source Extensions nor natively.');
  }
  return figure;
}

const emptyNote = html`
  <div style="font: 14px/1.5 system-ui, sans-serif; max-width: 60ch">
    <p><strong>No playlist yet.</strong> Paste an HLS playlist URL into the <code>src</code> control below.</p>
    <ol>
      <li>Run <code>npm start</code> at the repository root. It prints one URL: the demo portal.</li>
      <li>
        Open that URL once, so the local edge can give this browser its signed cookies, and copy a playlist URL, e.g. a
        recorded case at <code>&lt;URL&gt;/media/vod/&lt;case-id&gt;/master.m3u8</code> or the live channel under
        <code>&lt;URL&gt;/media/live/&lt;channel&gt;/</code>.
      </li>
      <li>
        Paste it into <code>src</code>. If Storybook and the stack are on different origins, turn on
        <code>withCredentials</code> so the signed cookies go along, or paste a signed URL.
      </li>
    </ol>
  </div>
`;

const meta = {
  title: 'Foundation/Local stack video',
  args: { src: '', withCredentials: false },
  argTypes: {
    src: {
      control: 'text',
      description: 'HLS playlist URL served by the local stack (`npm start`), e.g. `/media/vod/<case-id>/master.m3u8`.',
    },
    withCredentials: {
      control: 'boolean',
      description: 'Send cookies with cross-origin requests, so the local edge sees its signed cookies.',
    },
  },
  beforeEach: () => teardown, // runs when the story is left
  render: (args) => {
    teardown(); // an args change re-renders without leaving the story
    const src = args.src.trim();
    return src ? renderVideo({ ...args, src }) : emptyNote;
  },
} satisfies Meta<LocalStackVideoArgs>;

export default meta;

type Story = StoryObj<LocalStackVideoArgs>;

export const HlsPlaylist: Story = { name: 'HLS playlist' };
