// Two people call each other through the gateway with Chromium's fake camera and microphone, the media
// forced through the TURN relay (coturn on loopback): both sides decode video and receive audio, the
// callee's second device stops ringing, mute, camera off and hang up work, and the history shows the
// calls; a call to someone offline leaves a missed call.
import assert from 'node:assert/strict';
import { message, openChat, person } from './browser.mjs';

export const CALL_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

const PASSWORD = 'correct horse battery';

/** Media only through the TURN relay: the test proves the relay path, not a host-to-host shortcut. */
async function relayOnly(context) {
  await context.grantPermissions(['camera', 'microphone']);
  await context.addInitScript(() => { localStorage.iceTransportPolicy = 'relay'; });
}

/** Another device of an existing user: a new context signed in (not signed up). */
async function signIn(browser, base, user) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  await relayOnly(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`[${user} 2] page error: ${error.message}`));
  await page.goto(base);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: `online as ${user}` }).waitFor();
  return page;
}

/** What this page's peer connection reports: decoded video frames, received audio packets, the path. */
function mediaStats(page) {
  return page.evaluate(async () => {
    const pc = window.gatewiseCall?.pc;
    if (!pc) return null;
    const report = await pc.getStats();
    const byId = new Map();
    report.forEach((entry) => byId.set(entry.id, entry));
    const result = { framesDecoded: 0, audioPackets: 0, local: null, remote: null };
    report.forEach((entry) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') result.framesDecoded += entry.framesDecoded ?? 0;
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') result.audioPackets += entry.packetsReceived ?? 0;
      if (entry.type === 'transport' && entry.selectedCandidatePairId) {
        const pair = byId.get(entry.selectedCandidatePairId);
        result.local = byId.get(pair?.localCandidateId)?.candidateType ?? null;
        result.remote = byId.get(pair?.remoteCandidateId)?.candidateType ?? null;
      }
    });
    return result;
  });
}

async function mediaFlows(page, who) {
  const deadline = Date.now() + 45_000;
  let stats;
  while (Date.now() < deadline) {
    stats = await mediaStats(page);
    if (stats && stats.framesDecoded > 30 && stats.audioPackets > 50 && stats.local === 'relay') return stats;
    await page.waitForTimeout(500);
  }
  assert.fail(`${who}: no media over the relay within 45 s: ${JSON.stringify(stats)}`);
}

export async function callsScenario({ browser, base, shot }) {
  const alice = await person(browser, base, 'alice', relayOnly);
  const bob = await person(browser, base, 'bob', relayOnly);
  const bobDesk = await signIn(browser, base, 'bob');

  // The TURN credentials come with the session token.
  const turn = await alice.evaluate(async () => {
    const { token } = JSON.parse(sessionStorage.session);
    return (await fetch('/api/turn', { headers: { Authorization: `Bearer ${token}` } })).json();
  });
  assert.match(turn.username, /^\d+:alice$/);

  // A video call rings both of bob's devices; one answers, the other stops ringing.
  await openChat(alice, 'bob');
  await alice.getByRole('button', { name: 'Video call', exact: true }).click();
  for (const device of [bob, bobDesk]) {
    await device.getByRole('heading', { name: 'Incoming video call from alice' }).waitFor();
  }
  await shot(bob, 'bob-incoming-video-call');
  await bob.getByRole('button', { name: 'Accept', exact: true }).click();
  await bobDesk.getByRole('heading', { name: 'Answered on another device' }).waitFor();
  await shot(bobDesk, 'bob-desk-answered-elsewhere');

  // Media both ways, through the relay only.
  const [aliceStats, bobStats] = await Promise.all([mediaFlows(alice, 'alice'), mediaFlows(bob, 'bob')]);
  console.log(`alice ${JSON.stringify(aliceStats)}; bob ${JSON.stringify(bobStats)}`);
  assert.equal(bobStats.local, 'relay');
  await alice.getByRole('heading', { name: 'In call with bob' }).waitFor();
  await shot(alice, 'alice-in-video-call');

  // Mute and camera off switch alice's tracks off, and on again.
  await alice.getByRole('button', { name: 'Mute', exact: true }).click();
  await alice.getByRole('button', { name: 'Camera off', exact: true }).click();
  const enabled = await alice.evaluate(() => window.gatewiseCall.local.getTracks().map((track) => track.enabled));
  assert.deepEqual(enabled, [false, false]);
  await alice.getByRole('button', { name: 'Unmute', exact: true }).click();
  await shot(alice, 'alice-muted-camera-off');

  // Hang up ends it on both sides; both see the call in the history.
  await alice.getByRole('button', { name: 'Hang up', exact: true }).click();
  await bob.getByRole('heading', { name: 'Call ended' }).waitFor();
  await message(alice, /Video call, \d+:\d\d/).waitFor();
  await bob.locator('#conversations button').filter({ hasText: 'alice' }).click();
  await message(bob, /Video call, \d+:\d\d/).waitFor();
  assert.equal(await bob.evaluate(() => window.gatewiseCall.pc.connectionState), 'closed');
  await shot(bob, 'bob-history-shows-the-call');

  // An audio call to someone with no device online is missed, and stays in the history for them.
  await alice.evaluate(async (password) => {
    await fetch('/api/users', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'carol', password }) });
  }, PASSWORD);
  await openChat(alice, 'carol');
  await alice.getByRole('button', { name: 'Call', exact: true }).click();
  await alice.getByRole('heading', { name: 'carol is offline' }).waitFor();
  await message(alice, 'Call not answered').waitFor();
  const carol = await signIn(browser, base, 'carol');
  await openChat(carol, 'alice');
  await message(carol, 'Missed call').waitFor();
  await shot(carol, 'carol-sees-missed-call');
}
