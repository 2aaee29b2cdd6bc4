// A stream published with ffmpeg to the RTMP URL and key the page shows is announced in chat, listed
// with a thumbnail, plays in the other person's browser, and its end is announced too.
import { spawn } from 'node:child_process';
import { message, openChat, person, send } from './browser.mjs';

export async function liveScenario({ browser, base, shot }) {
  const alice = await person(browser, base, 'alice');
  const bob = await person(browser, base, 'bob');
  await openChat(alice, 'bob');
  await send(alice, 'going live in a second');
  await openChat(bob, 'alice');

  await alice.getByRole('button', { name: 'Live streams' }).click();
  // The server the page names, once it has asked the gateway where its relay listens.
  await alice.waitForFunction(() => /:\d+\/live$/.test(document.getElementById('rtmp-server').value));
  const server = new URL((await alice.locator('#rtmp-server').inputValue()).replace(/^rtmp:/, 'http:'));
  const key = await alice.locator('#rtmp-key').inputValue();
  await shot(alice, 'alice-go-live-instructions');
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine',
    '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-c:a', 'aac',
    '-f', 'flv', `rtmp://127.0.0.1:${server.port}${server.pathname}/${key}`],
  { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await message(bob, 'is live: cam1').waitFor({ timeout: 30_000 });
    await shot(bob, 'bob-sees-live-announcement');
    await bob.getByRole('button', { name: 'Live streams' }).click();
    await bob.waitForFunction(() => [...document.querySelectorAll('#streams img')]
      .some((image) => image.complete && image.naturalWidth > 0), null, { timeout: 30_000, polling: 1000 });
    await shot(bob, 'bob-sees-stream-list');
    await bob.getByRole('button', { name: 'Watch cam1' }).click();
    await bob.waitForFunction(() => document.getElementById('video').currentTime > 2, null,
      { timeout: 45_000, polling: 500 }).catch(async (error) => {
      const video = await bob.locator('#video').evaluate((v) => ({ currentTime: v.currentTime, paused: v.paused,
        readyState: v.readyState, networkState: v.networkState, error: v.error?.message,
        buffered: [...Array(v.buffered.length).keys()].map((i) => [v.buffered.start(i), v.buffered.end(i)]) }));
      throw new Error(`the video did not play: ${JSON.stringify(video)}`, { cause: error });
    });
    await shot(bob, 'bob-watches-cam1');
    // By the signed link /api/streams gave: the stream is not public.
    const url = await bob.evaluate(() => window.gatewiseHls.url);
    if (!/\/hls\/\d+\.[A-Za-z0-9_-]+\/cam1\/index\.m3u8$/.test(url)) throw new Error(`hls.js plays ${url}`);
    // Low-Latency HLS: hls.js in low-latency mode reads parts, and the page says how far behind live it is.
    // hls.js catches up by playing faster, so a start behind a busy machine may take a few seconds to settle.
    const latency = await bob.waitForFunction(() => {
      const hls = window.gatewiseHls;
      const shown = /([0-9.]+) s behind live/.exec(document.getElementById('latency').textContent);
      const behind = shown && Number(shown[1]);
      // hls.js does not trim the back buffer itself (docs/architecture.md, "Playback", says why).
      return hls?.config.lowLatencyMode && hls.config.backBufferLength === Infinity
        && hls.latestLevelDetails?.partList?.length > 0 && behind > 0 && behind < 6
        && behind;
    }, null, { timeout: 30_000, polling: 500 }).catch(async (error) => {
      const shown = await bob.locator('#latency').textContent();
      throw new Error(`the page still says "${shown}" after 30 s`, { cause: error });
    });
    const behind = await latency.jsonValue();
    console.log(`bob is ${behind} s behind live`);

    // When the publisher stops, the conversation says so.
    ffmpeg.kill('SIGINT');
    await bob.locator('#conversations button').filter({ hasText: 'alice' }).click();
    await message(bob, 'stream cam1 ended').waitFor({ timeout: 30_000 });
    await shot(bob, 'bob-sees-stream-ended');
  } finally {
    ffmpeg.kill('SIGINT');
  }
}
