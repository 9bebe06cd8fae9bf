/**
 * A Service Worker that injects real network faults into the requests of the pages it controls
 * (fault-frame.html): the browser, hls.js and the player see a 503 answer, a dropped connection
 * (a network error, status 0) or a segment whose bytes are corrupted, exactly as they would from a
 * failing CDN. Nothing of the player is replaced. The test sends the rules and reads back every
 * request that matched, with its time and what was done to it.
 *
 * Rules (`{ type: 'rules', rules: [{ match, faults, then }] }`): requests whose URL (without its query) matches the
 * regular expression `match` get the faults in order ('503', 'drop', 'corrupt'), one per request;
 * after them, `then: 'pass'` lets requests through and `then: '503'` fails every further one.
 */
let rules = [];
let log = [];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const { type } = event.data ?? {};
  if (type === 'rules') {
    rules = event.data.rules.map((rule) => ({ ...rule, pattern: new RegExp(rule.match), seen: 0 }));
    log = [];
  } else if (type === 'log') {
    event.ports[0]?.postMessage(log);
    return;
  }
  event.ports[0]?.postMessage('ok');
});

self.addEventListener('fetch', (event) => {
  // Matched without the query: signatures and cache-busting parameters vary from run to run.
  const url = event.request.url.split('?')[0];
  const rule = rules.find((candidate) => candidate.pattern.test(url));
  if (!rule) return;
  const fault = rule.faults[rule.seen] ?? (rule.then === '503' ? '503' : 'pass');
  rule.seen++;
  log.push({ url, at: Date.now(), fault });
  event.respondWith(respond(event.request, fault));
});

async function respond(request, fault) {
  if (fault === '503') {
    return new Response('injected failure', { status: 503, statusText: 'Service Unavailable', headers: { 'content-type': 'text/plain' } });
  }
  if (fault === 'drop') return Response.error();
  const response = await fetch(request);
  if (fault !== 'corrupt') return response;
  // Same length and headers, the boxes intact, the coded picture data (mdat payload) garbage.
  const bytes = new Uint8Array(await response.arrayBuffer());
  const mdat = indexOfBox(bytes, 'mdat');
  for (let i = mdat + 8; mdat >= 0 && i < bytes.length; i++) bytes[i] = (bytes[i] * 31 + i) & 0xff;
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Offset of the first top-level ISO BMFF box of `type`, or -1. */
function indexOfBox(bytes, type) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset);
    if (String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) === type) return offset;
    if (size < 8) return -1;
    offset += size;
  }
  return -1;
}
