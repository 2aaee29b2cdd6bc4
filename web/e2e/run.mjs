// Browser tests of the web client against a running gateway; exits non-zero on the first failure.
// Usage: node e2e/run.mjs chat|live|native|calls|voice BASE_URL SCREENSHOT_DIR
import { launch, screenshots } from './browser.mjs';
import { chatScenario } from './chat.mjs';
import { liveScenario } from './live.mjs';
import { nativeScenario } from './native.mjs';
import { callsScenario, CALL_ARGS } from './calls.mjs';
import { voiceScenario } from './voice.mjs';

const [scenario, base, dir] = process.argv.slice(2);
const scenarios = { chat: chatScenario, live: liveScenario, native: nativeScenario, calls: callsScenario,
  voice: voiceScenario };
if (!scenarios[scenario] || !base || !dir) {
  console.error('usage: node e2e/run.mjs chat|live|native|calls|voice BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
// Calls and voice messages need the fake camera and microphone.
const browser = await launch(scenario === 'calls' || scenario === 'voice' ? CALL_ARGS : []);
try {
  await scenarios[scenario]({ browser, base, shot: screenshots(dir) });
  console.log(`${scenario}: passed`);
} catch (error) {
  console.error(`${scenario}: FAILED`, error);
  process.exitCode = 1;
  // What every page showed when it failed, next to the steps' screenshots.
  const pages = browser.contexts().flatMap((context) => context.pages());
  await Promise.all(pages.map((page, i) => page.screenshot({ path: `${dir}/failure-${i + 1}.png`, fullPage: true })
    .catch(() => {})));
} finally {
  await browser.close();
}
