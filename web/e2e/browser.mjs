// Debian's Chromium driven by playwright-core (no browser download), and the steps every scenario shares.
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** extraArgs: more Chromium switches (the calls scenario's fake camera and microphone). */
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Playwright gives every launch a fresh temporary profile.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
}

/** Numbered screenshots, so the folder reads as the story of the run. */
export function screenshots(dir) {
  const started = Date.now();
  let step = 0;
  return async (page, name) => {
    await mkdir(dir, { recursive: true });
    step += 1;
    await page.screenshot({ path: join(dir, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    console.log(`step ${step} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
  };
}

/**
 * A new page in its own context (its own storage: another person), signed up as user; setup(context)
 * runs before the page opens.
 */
export async function person(browser, base, user, setup = async () => {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 760 } });
  await setup(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`[${user}] page error: ${error.message}`));
  page.on('console', (entry) => entry.type() === 'error' && console.log(`[${user}] console: ${entry.text()}`));
  await page.goto(base);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('status').filter({ hasText: `online as ${user}` }).waitFor();
  return page;
}

/** Opens (or starts) the direct conversation with peer. */
export async function openChat(page, peer) {
  await page.getByLabel('Chat with').fill(peer);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('heading', { name: peer, exact: true }).waitFor();
}

export async function send(page, text) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
}

/** The message list item holding text. */
export function message(page, text) {
  return page.locator('#messages li').filter({ hasText: text });
}
