import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { servePongExample } from '../../examples/pong-browser/serve.js';
import { createPongSession } from '../../src/sessions/pong/index.js';
import { ARTIFACTS, chromiumMissing, launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';

/**
 * The browser pong example (examples/pong-browser) in headless Chromium against a real
 * server: the page is bundled with esbuild from the SDK, calibrates with the arrow keys the
 * test holds as the steps ask, then plays: the paddle follows the keys, the ball moves and
 * the score changes. Saves test-artifacts/pong-page.png. Skipped when Chromium is not installed.
 */

const NAME = 'pong page: calibrate with the keyboard, then the paddle follows the keys, the ball moves and a point is scored';
const FAST = {
  PONG_CAL_BASELINE_MS: '400',
  PONG_CAL_TRIAL_MS: '400',
  PONG_CAL_MIN_SAMPLES: '3',
  PONG_SERVE_DELAY_MS: '50',
  PONG_START_GAME_EVERY_MS: '0',
  PONG_START_CALIBRATION_EVERY_MS: '0',
};

if (chromiumMissing) {
  t.test(NAME, { skip: chromiumMissing }, () => {});
} else {
  t.test(NAME, async (t) => {
    const srv = await startServer(FAST, { sessions: [createPongSession()] });
    const example = await servePongExample({ port: 0 });
    const browser = await launchChromium({ width: 900, height: 760 });
    t.teardown(async () => {
      await browser.close();
      await example.close();
      await srv.close();
    });
    const { page, problems } = await browser.page();
    await page.goto(`${example.url}?server=${encodeURIComponent(srv.wsUrl(''))}`);
    await page.waitForSelector('body[data-phase="ready"]');
    t.pass('the bundled page connected with the SDK');

    await page.click('#start');
    // Hold the key each calibration step asks for, as a player would.
    let held: string | undefined;
    while ((await page.getAttribute('body', 'data-phase')) === 'calibrating' || (await page.getAttribute('body', 'data-phase')) === 'ready') {
      const step = await page.getAttribute('body', 'data-step');
      const want = step === 'left' ? 'ArrowLeft' : step === 'right' ? 'ArrowRight' : undefined;
      if (want !== held) {
        if (held) await page.keyboard.up(held);
        if (want) await page.keyboard.down(want);
        held = want;
      }
      await page.waitForTimeout(20);
    }
    if (held) await page.keyboard.up(held);
    t.equal(await page.getAttribute('body', 'data-phase'), 'playing', `calibrated, then playing (${await page.textContent('#status')})`);

    await page.waitForSelector('#field[data-ball-x]');
    const read = async () => ({
      ballX: Number(await page.getAttribute('#field', 'data-ball-x')),
      ballY: Number(await page.getAttribute('#field', 'data-ball-y')),
      paddle: Number(await page.getAttribute('#field', 'data-paddle-y')),
    });
    const before = await read();
    await page.keyboard.down('ArrowDown');
    await page.waitForFunction((y) => Number(document.getElementById('field')!.dataset.paddleY) > y + 30, before.paddle, { timeout: 5000 });
    await page.keyboard.up('ArrowDown');
    const down = await read();
    t.ok(down.paddle > before.paddle, `↓ moves the paddle down (${before.paddle} → ${down.paddle})`);
    await page.keyboard.down('ArrowUp');
    await page.waitForFunction((y) => Number(document.getElementById('field')!.dataset.paddleY) < y - 30, down.paddle, { timeout: 5000 });
    await page.keyboard.up('ArrowUp');
    t.ok((await read()).paddle < down.paddle, '↑ moves it back up');
    const later = await read();
    t.ok(later.ballX !== before.ballX || later.ballY !== before.ballY, `the ball moves (${before.ballX},${before.ballY} → ${later.ballX},${later.ballY})`);

    // Hands off: the AI wins a point soon enough.
    await page.waitForFunction(() => {
      const score = document.getElementById('score')!.dataset;
      return Number(score.player) + Number(score.ai) > 0;
    }, undefined, { timeout: 30_000 });
    t.match(await page.textContent('#score'), /^\d+ : \d+$/, `the score changes (${await page.textContent('#score')})`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'pong-page.png') });
    t.same(problems, [], 'no script errors');
  });
}
