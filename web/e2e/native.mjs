// Chromium's own HLS player (a <video src> of the playlist, no hls.js, no MediaSource) plays a stream that is
// not public by the signed link /api/streams/NAME gives, both the classic MPEG-TS playlist (ts.m3u8) and the
// Low-Latency fMP4 one (index.m3u8, as ordinary HLS) under the same signed prefix, and keeps playing past what
// was first listed. Chromium's native player needs three segments listed; the gateway shows a live playlist
// only from three on.
import { spawn } from 'node:child_process';

const USER = 'nina';
const PASSWORD = 'correct horse battery';

async function call(base, method, path, { token, body } = {}) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function nativeScenario({ browser, base, shot }) {
  await call(base, 'POST', '/api/users', { body: { username: USER, password: PASSWORD } });
  const { token } = await call(base, 'POST', '/api/sessions', { body: { username: USER, password: PASSWORD } });
  // rtmp://HOST:PORT/live/STREAM?token=TOKEN: neither &group= nor &public=1, so only the publisher may watch.
  const { publish } = await call(base, 'GET', '/api/streams', { token });
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=426x240:rate=25', '-f', 'lavfi', '-i', 'sine',
    '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-c:a', 'aac',
    '-f', 'flv', publish.replace('STREAM', 'native1').replace('TOKEN', token)],
  { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (entry) => entry.type() === 'error' && console.log(`[native] console: ${entry.text()}`));
    await page.goto(new URL('/', base).href);
    const stream = await waitFor(() => call(base, 'GET', '/api/streams/native1', { token }), 20_000);
    const signed = stream.hls.replace(/\/index\.m3u8$/, '');
    if (!/^\/hls\/\d+\.[A-Za-z0-9_-]+\/native1$/.test(signed)) throw new Error(`not a signed link: ${stream.hls}`);
    for (const playlist of ['ts.m3u8', 'index.m3u8']) {
      // A live playlist answers 404 until it lists three segments (about 6 s in); the native player gives up on
      // a 404 (DEMUXER_ERROR_COULD_NOT_PARSE) where hls.js retries, so it is handed the link once it answers.
      await waitFor(async () => {
        const response = await fetch(new URL(`${signed}/${playlist}`, base));
        if (!response.ok) throw new Error(`${playlist}: ${response.status}`);
      }, 30_000);
      const played = await page.evaluate(({ url, limit }) => new Promise((resolve) => {
        document.body.replaceChildren();
        const video = document.createElement('video');
        video.muted = true;
        const state = () => ({ url, currentTime: video.currentTime, readyState: video.readyState,
          error: video.error && `${video.error.code} ${video.error.message}` });
        const done = setTimeout(() => resolve(state()), limit);
        let first;
        video.addEventListener('error', () => { clearTimeout(done); resolve(state()); });
        // Played on past the 6 s first listed: the player reloaded the live playlist and went on.
        video.addEventListener('timeupdate', () => {
          first ??= video.currentTime;
          if (video.currentTime - first > 7) { clearTimeout(done); resolve({ ...state(), from: first }); }
        });
        document.body.append(video);
        if (video.canPlayType('application/vnd.apple.mpegurl') === '') resolve({ ...state(), error: 'no native HLS' });
        video.src = url;
        video.play().catch(() => {});
      }), { url: new URL(`${signed}/${playlist}`, base).href, limit: 40_000 });
      console.log(`native ${playlist}: ${JSON.stringify(played)}`);
      await shot(page, `native-${playlist.replace('.m3u8', '')}`);
      if (played.error || !(played.currentTime - played.from > 7)) {
        throw new Error(`Chromium's native player did not play ${playlist}: ${JSON.stringify(played)}`);
      }
    }
  } finally {
    ffmpeg.kill('SIGINT');
  }
}

/** What attempt() gives once it stops throwing, within ms. */
async function waitFor(attempt, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
