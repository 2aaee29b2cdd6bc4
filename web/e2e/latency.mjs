// Glass-to-glass latency of a live HLS stream in headless Chromium with hls.js, for `bench live`.
// Usage: node e2e/latency.mjs PLAYLIST_URL SECONDS [low-latency|classic]
// Prints one JSON line: samples of Date.now() - hls.playingDate (ms; the stream's EXT-X-PROGRAM-DATE-TIME,
// when it has one) and of hls.latency (ms behind the live edge, what hls.js itself reports), one every
// 500 ms from when playback begins until SECONDS after the script started, and the stalls (the video waiting
// for data after playback began: when, with what buffered ahead, for how long).
import { createRequire } from 'node:module';
import { launch } from './browser.mjs';

const [url, seconds = '60', mode = 'low-latency'] = process.argv.slice(2);
// Samples end SECONDS after this starts, however long playback took to begin: the caller's stream ends then.
const until = Date.now() + Number(seconds) * 1000;
if (!url) {
  console.error('usage: node e2e/latency.mjs PLAYLIST_URL SECONDS [low-latency|classic]');
  process.exit(2);
}
const hlsJs = createRequire(import.meta.url).resolve('hls.js/dist/hls.light.min.js');
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setContent('<video id="v" muted playsinline></video>');
  await page.addScriptTag({ path: hlsJs });
  const result = await page.evaluate(async ({ url, until, lowLatency }) => {
    const video = document.getElementById('v');
    // Like the web client: allowed to play up to 1.5 times faster to get back to its target latency, and the
    // back buffer left to the browser (docs/architecture.md, "Playback", says why).
    const hls = new Hls({ lowLatencyMode: lowLatency, maxLiveSyncPlaybackRate: 1.5 });
    const errors = [];
    hls.on(Hls.Events.ERROR, (_, data) => errors.push(`${data.fatal ? 'fatal ' : ''}${data.details}`));
    // A stream whose playlist is not there yet (fewer than three segments) answers 404: ask again.
    let started = false;
    const load = () => hls.loadSource(url);
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (data.fatal && data.details === Hls.ErrorDetails.MANIFEST_LOAD_ERROR) setTimeout(load, 1000);
    });
    load();
    hls.attachMedia(video);
    video.play().catch(() => {});
    // When each stall began (s after playback began), what was buffered ahead then (ms), and how long it lasted.
    const stalls = [];
    let startedAt = 0;
    let waitingSince = 0;
    video.addEventListener('waiting', () => {
      if (!started) return;
      waitingSince = Date.now();
      const ranges = video.buffered;
      const ahead = ranges.length ? ranges.end(ranges.length - 1) - video.currentTime : 0;
      stalls.push(`${((waitingSince - startedAt) / 1000).toFixed(1)} s, ${Math.round(ahead * 1000)} ms ahead`);
    });
    video.addEventListener('playing', () => {
      if (waitingSince) stalls[stalls.length - 1] += `, ${Date.now() - waitingSince} ms`;
      waitingSince = 0;
    });
    const deadline = Date.now() + 60_000;
    while (!(video.currentTime > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    started = video.currentTime > 0;
    startedAt = Date.now();
    const glass = [];
    const edge = [];
    while (started && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const date = hls.playingDate?.getTime();
      if (Number.isFinite(date)) glass.push(Date.now() - date);
      if (Number.isFinite(hls.latency)) edge.push(Math.round(hls.latency * 1000));
    }
    return { started, glass, edge, stalls, errors: errors.slice(0, 20) };
  }, { url, until, lowLatency: mode === 'low-latency' });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
