// Two people chat both ways with read receipts, then in a group; one drops off and catches up, scrolls
// back through history, and sends files the other downloads byte for byte.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { message, openChat, person, send } from './browser.mjs';

// Acknowledged by the server ('not sent: …' is not).
const SENT = /^(sent|delivered|read)$/;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

export async function chatScenario({ browser, base, shot }) {
  const link = droppableChatSocket();
  const alice = await person(browser, base, 'alice', link.install);
  const bob = await person(browser, base, 'bob');

  // Both ways, with the sender seeing sent, delivered, then read.
  await openChat(alice, 'bob');
  await send(alice, 'hello bob');
  await message(alice, 'hello bob').locator('.state').filter({ hasText: /^(sent|delivered)$/ }).waitFor();
  const unread = bob.locator('#conversations button').filter({ hasText: 'alice' }).getByLabel('1 unread');
  await unread.waitFor();
  await shot(bob, 'bob-sees-unread-from-alice');
  await bob.locator('#conversations button').filter({ hasText: 'alice' }).click();
  await message(bob, 'hello bob').waitFor();
  await message(alice, 'hello bob').locator('.state.read').waitFor();
  await shot(alice, 'alice-sees-read-receipt');
  await send(bob, 'hi alice');
  await message(alice, 'hi alice').waitFor();
  await message(bob, 'hi alice').locator('.state.read').waitFor();
  await shot(bob, 'bob-reply-read');

  // A group: created by alice with bob in it; bob finds it in his list, named, with its unread count.
  await alice.getByText('New group').click();
  await alice.getByLabel('Group name').fill('crew');
  await alice.getByLabel('Members').fill('bob');
  await alice.getByRole('button', { name: 'Create group' }).click();
  await alice.getByRole('heading', { name: 'crew', exact: true }).waitFor();
  await send(alice, 'hello crew');
  await message(alice, 'hello crew').locator('.state').filter({ hasText: /^sent$/ }).waitFor();
  await bob.locator('#conversations button').filter({ hasText: 'crew' }).getByLabel(/\d+ unread/).waitFor();
  await shot(bob, 'bob-sees-group');
  await bob.locator('#conversations button').filter({ hasText: 'crew' }).click();
  await message(bob, 'hello crew').waitFor();
  await message(bob, 'created the group crew').waitFor();
  await bob.locator('#conversations button').filter({ hasText: 'alice' }).click();
  await alice.locator('#conversations button').filter({ hasText: 'bob' }).click();

  // Alice's connection drops; what bob writes meanwhile arrives after she reconnects by herself.
  link.drop();
  await alice.getByRole('status').filter({ hasText: 'offline' }).waitFor();
  await send(bob, 'while you were away');
  await message(bob, 'while you were away').locator('.state').filter({ hasText: /^sent$/ }).waitFor();
  await shot(alice, 'alice-offline');
  link.restore();
  await message(alice, 'while you were away').waitFor({ timeout: 20_000 });
  await message(bob, 'while you were away').locator('.state.read').waitFor();
  await shot(alice, 'alice-caught-up');

  // Many messages later (while alice looks at something else), a fresh page shows the newest page and
  // loads older ones on scrolling up.
  await alice.getByRole('button', { name: 'Live streams' }).click();
  await sendMany(bob, 'alice', 45);
  await alice.reload();
  await alice.locator('#conversations button').filter({ hasText: 'bob' }).getByLabel('45 unread').waitFor();
  await alice.locator('#conversations button').filter({ hasText: 'bob' }).click();
  await message(alice, 'bulk 45').waitFor();
  assert.equal(await message(alice, 'hello bob').count(), 0, 'the first page holds only the newest messages');
  await shot(alice, 'alice-newest-page');
  for (let i = 0; i < 5 && !(await message(alice, 'hello bob').count()); i++) {
    await alice.locator('#log').evaluate((log) => { log.scrollTop = 0; });
    await alice.waitForTimeout(300);
  }
  await message(alice, 'hello bob').waitFor();
  await shot(alice, 'alice-scrolled-back');

  await files(alice, bob, shot);
}

/** Routes a context's chat WebSockets through the test, which can cut them and keep them cut. */
function droppableChatSocket() {
  const open = new Set();
  let down = false;
  return {
    install: (context) => context.routeWebSocket(/\/ws$/, (socket) => {
      if (down) {
        socket.close();
        return;
      }
      socket.connectToServer();
      open.add(socket);
    }),
    drop() {
      down = true;
      for (const socket of open) socket.close();
      open.clear();
    },
    restore() {
      down = false;
    },
  };
}

/** Sends n texts from page's user to peer over a socket of its own (another device), waiting for acks. */
async function sendMany(page, peer, n) {
  await page.evaluate(async ({ peer, n }) => {
    const { token } = JSON.parse(sessionStorage.session);
    const socket = new WebSocket(`ws://${location.host}/ws`);
    await new Promise((resolve) => { socket.onopen = resolve; });
    socket.send(JSON.stringify({ type: 'auth', id: 'a', token, device: 'e2e-bulk' }));
    let acks = 0;
    await new Promise((resolve, reject) => {
      socket.onmessage = (event) => {
        const frame = JSON.parse(event.data);
        if (frame.type === 'error') reject(new Error(frame.message));
        if (frame.type === 'auth_ok') {
          for (let i = 1; i <= n; i++) {
            socket.send(JSON.stringify({ type: 'send', id: `s${i}`, clientMsgId: `bulk-${i}`, to: peer,
              content: { text: `bulk ${i}` } }));
          }
        }
        if (frame.type === 'ack' && ++acks === n) resolve();
      };
    });
    socket.close();
  }, { peer, n });
}

/**
 * Alice sends a picture and a larger file whose upload loses its connection once; bob sees the thumbnail
 * and downloads both under their names with the same bytes.
 */
async function files(alice, bob, shot) {
  const picture = await drawPng(alice);
  const archive = randomBytes(9 * 1024 * 1024 + 123);
  const patches = [];
  let cut = false;
  await alice.route((url) => /^\/files\/[^/]+$/.test(url.pathname), async (route) => {
    const request = route.request();
    if (request.method() === 'PATCH') {
      patches.push(Number(await request.headerValue('upload-offset')));
      // The second piece of the larger upload loses its connection once; a short pause makes the
      // progress bar visible.
      if (patches.length === 3 && !cut) {
        cut = true;
        return route.abort('connectionreset');
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return route.continue();
  });
  await alice.setInputFiles('#attach', { name: 'sunset.png', mimeType: 'image/png', buffer: picture });
  await message(alice, 'sunset.png').locator('.state').filter({ hasText: SENT }).waitFor();
  await alice.setInputFiles('#attach', { name: 'field notes.bin', mimeType: 'application/octet-stream',
    buffer: archive });
  await alice.locator('#uploads progress').waitFor();
  await shot(alice, 'alice-uploading');
  await message(alice, 'field notes.bin').locator('.state').filter({ hasText: SENT })
    .waitFor({ timeout: 60_000 });
  assert.ok(cut, 'the upload lost its connection once');
  const resumedAt = patches[3];
  assert.ok(resumedAt > 0, `after the cut the upload resumed at ${resumedAt}, not from the start: ${patches}`);

  await bob.waitForFunction(() => [...document.querySelectorAll('#messages img')]
    .some((image) => image.complete && image.naturalWidth > 0));
  await message(bob, 'field notes.bin').waitFor();
  await shot(bob, 'bob-sees-files');
  await expectDownload(bob, 'sunset.png', picture);
  await expectDownload(bob, 'field notes.bin', archive);
}

async function expectDownload(page, name, bytes) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download ${name}` }).click(),
  ]);
  assert.equal(download.suggestedFilename(), name);
  assert.equal(sha256(await readFile(await download.path())), sha256(bytes), `${name} downloads unchanged`);
}

/** A PNG drawn by the browser itself, so the test needs no image files. */
async function drawPng(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 400;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 400);
    sky.addColorStop(0, '#1e3c72');
    sky.addColorStop(1, '#f5af19');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 400);
    g.fillStyle = '#ffdd55';
    g.beginPath();
    g.arc(320, 300, 80, 0, Math.PI * 2);
    g.fill();
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}
