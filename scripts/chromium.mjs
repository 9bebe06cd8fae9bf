// The system Chromium every browser run uses (tests and benchmarks): Debian's package, or CHROME_PATH;
// never a downloaded browser. The flags keep a headless run quiet, offline and free to autoplay.
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
