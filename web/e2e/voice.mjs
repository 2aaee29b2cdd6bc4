// Voice messages with Chromium's fake microphone: a recording cancelled is never sent; one sent shows
// in the other person's page with its duration and waveform and plays to its end, in a direct
// conversation and in a group.
import assert from 'node:assert/strict';
import { openChat, person } from './browser.mjs';

const SENT = /^(sent|delivered|read)$/;
const microphone = (context) => context.grantPermissions(['microphone']);

export async function voiceScenario({ browser, base, shot }) {
  const alice = await person(browser, base, 'alice', microphone);
  const bob = await person(browser, base, 'bob', microphone);
  await openChat(alice, 'bob');
  await openChat(bob, 'alice');

  // Cancelled twice (the button, then Escape): nothing is uploaded or sent.
  for (const cancel of [() => alice.getByRole('button', { name: 'Cancel' }).click(),
    () => alice.keyboard.press('Escape')]) {
    await record(alice, 800, cancel);
  }
  await alice.waitForTimeout(500);
  assert.equal(await alice.locator('#messages li').count(), 0, 'a cancelled recording is not sent');

  await record(alice, 2500, () => alice.getByRole('button', { name: 'Send voice' }).click());
  await alice.locator('#uploads progress').waitFor({ state: 'attached' }).catch(() => {});
  await voiceMessage(alice).locator('.state').filter({ hasText: SENT }).waitFor({ timeout: 30_000 });
  await shot(alice, 'alice-sent-voice');
  await playsToTheEnd(bob, 2000, 4000);
  await shot(bob, 'bob-played-voice');

  // The same in a group.
  await alice.getByText('New group').click();
  await alice.getByLabel('Group name').fill('choir');
  await alice.getByLabel('Members').fill('bob');
  await alice.getByRole('button', { name: 'Create group' }).click();
  await alice.getByRole('heading', { name: 'choir', exact: true }).waitFor();
  await record(alice, 1500, () => alice.getByRole('button', { name: 'Send voice' }).click());
  await voiceMessage(alice).locator('.state').filter({ hasText: SENT }).waitFor({ timeout: 30_000 });
  await bob.locator('#conversations button').filter({ hasText: 'choir' }).click();
  await bob.getByRole('heading', { name: 'choir', exact: true }).waitFor();
  await playsToTheEnd(bob, 1000, 3000);
  await shot(bob, 'bob-played-group-voice');
}

/** Records for ms with the fake microphone, then ends the recording with finish. */
async function record(page, ms, finish) {
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('timer', { name: 'Recording time' }).waitFor();
  await page.waitForTimeout(ms);
  await finish();
  await page.getByRole('button', { name: 'Record' }).waitFor();
}

function voiceMessage(page) {
  return page.locator('#messages li').filter({ has: page.locator('.body.voice') }).last();
}

/** The newest voice message shows a duration between min and max ms, its waveform, and plays to its end. */
async function playsToTheEnd(page, min, max) {
  const item = voiceMessage(page);
  await item.waitFor({ timeout: 20_000 });
  const shown = await item.locator('.duration').textContent();
  const [minutes, seconds] = shown.split(':').map(Number);
  const ms = (minutes * 60 + seconds) * 1000;
  assert.ok(ms >= min - 500 && ms <= max + 500, `the clip shows ${shown}, recorded for ${min}-${max} ms`);
  assert.equal(await item.locator('.waveform span').count(), 64, 'the waveform has its 64 bars');
  await item.getByRole('button', { name: `Play voice message, ${shown}` }).click();
  await item.locator('.body.voice[data-state="ended"]').waitFor({ timeout: 20_000 });
  assert.ok(await item.locator('audio').evaluate((audio) => audio.ended && audio.currentTime > 0.5),
    'the audio element reached its end');
}
