import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { userOf } from '../channel/support.js';
import { seatPlayers } from '../poker/socket-support.js';
import { http } from '../support/client.js';
import { ARTIFACTS, chromiumMissing, launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';

/**
 * The /charts page in headless Chromium (Debian's `chromium`, driven by playwright-core):
 * every session type's chart renders, and a live actor's current state is highlighted
 * as it changes. Saves test-artifacts/charts.png. Skipped when Chromium is not installed.
 */


const NAME = 'charts page: every session type renders and a live actor is highlighted as it moves';

if (chromiumMissing) {
  t.test(NAME, { skip: chromiumMissing }, () => {});
} else {
  t.test(NAME, async (t) => {
    // Short poker gaps and a long turn clock: the first hand starts at once and waits in preflop.
    const srv = await startServer({ POKER_NEXT_HAND_DELAY_MS: '250', POKER_MIN_BUY_IN: '100', POKER_ACTION_TIME_MS: '600000' });
    const browser = await launchChromium();
    t.teardown(async () => {
      await browser.close();
      await srv.close();
    });
    const { page, problems } = await browser.page();

    await page.goto(`${srv.url}/charts`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#link.up');

    const { body } = await http(srv.url, 'GET', '/charts/api/types');
    t.ok(body.types.length > 0, 'the server lists its session types');
    for (const type of body.types as { kind: string; states: string[] }[]) {
      await page.click(`#types button[data-kind="${type.kind}"]`);
      const chart = page.locator(`.chart[data-kind="${type.kind}"]`);
      await chart.locator('svg').waitFor({ state: 'visible' });
      const box = await chart.locator('svg').boundingBox();
      t.ok(box && box.width > 50 && box.height > 50, `the ${type.kind} chart is drawn (${Math.round(box?.width ?? 0)}×${Math.round(box?.height ?? 0)} px)`);
      t.equal(await chart.locator('[data-state-id]').count(), type.states.length, `the ${type.kind} chart shows all ${type.states.length} states`);
      const leaf = type.states[type.states.length - 1];
      const drawn = await chart.locator(`[data-state-id="${leaf}"]`).boundingBox();
      t.ok(drawn && drawn.width > 0 && drawn.height > 0, `${leaf} has a visible box`);
    }

    // A channel created over REST: its actor (unclaimed → open on $create) is listed and highlighted in `open`.
    await page.click('#types button[data-kind="channel"]');
    const ann = await userOf(srv, 'ann');
    const created = await ann.rest('POST', '/api/channels', { name: 'designers' });
    const address = `channel/${created.body.id}`;
    const row = page.locator(`#actors tr[data-address="${address}"]`);
    await row.waitFor({ timeout: 10_000 });
    t.equal(await row.locator('.value').textContent(), 'open', 'the actor list shows its state');
    await row.click();
    const channelChart = page.locator('.chart[data-kind="channel"]');
    await channelChart.locator('[data-state-id="channel.open"].active').waitFor({ timeout: 5000 });
    t.equal(await channelChart.locator('[data-state-id="channel.unclaimed"].active').count(), 0, 'unclaimed is no longer highlighted');
    await page.locator('#actor-events li', { hasText: '$create' }).waitFor();
    t.pass('the $create that moved it from unclaimed to open is in its last events');

    // A presence actor watched while it moves: online while ann's socket is open, offline once it closes.
    const socket = await ann.socket();
    await page.click('#types button[data-kind="presence"]');
    const presenceRow = page.locator('#actors tr[data-address="presence/ann"]');
    await presenceRow.waitFor({ timeout: 10_000 });
    await presenceRow.click();
    const presenceChart = page.locator('.chart[data-kind="presence"]');
    await presenceChart.locator('[data-state-id="presence.online"].active').waitFor({ timeout: 5000 });
    t.pass('presence/ann is highlighted in online');
    await socket.close();
    await presenceChart.locator('[data-state-id="presence.offline"].active').waitFor({ timeout: 5000 });
    t.equal(await presenceChart.locator('[data-state-id="presence.online"].active').count(), 0, 'and moves to offline live when the socket closes');
    t.match(await page.locator('#actor-context').textContent(), /"userId": "ann"/, 'its context is shown');

    // A live poker table: two players sit, a hand starts, the table is highlighted in preflop action.
    const players = await seatPlayers(srv.wsUrl('/poker/ws'), [1000, 1000]);
    await players[0].client.next('HAND_START', 10_000);
    await page.click('#types button[data-kind="poker"]');
    const tableRow = page.locator('#actors tr[data-address="poker/t-1"]');
    await tableRow.waitFor({ timeout: 10_000 });
    await tableRow.click();
    const pokerChart = page.locator('.chart[data-kind="poker"]');
    await pokerChart.locator('[data-state-id="table.created.hand.preflop.action"].active').waitFor({ timeout: 5000 });
    t.equal(await pokerChart.locator('[data-state-id="table.created.waiting"].active').count(), 0, 'the table is no longer waiting');
    t.pass('after a hand starts, the live poker table is highlighted in preflop action');
    t.notMatch(await page.locator('#actor-context').textContent(), /"(As|Kd|[2-9TJQKA][cdhs])"/, 'no hole card is shown in its context');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'charts.png'), fullPage: false });
    t.ok(existsSync(join(ARTIFACTS, 'charts.png')), 'a screenshot is saved as test-artifacts/charts.png');
    t.same(problems, [], 'the page logged no errors');
    await Promise.all(players.map((p) => p.client.close()));
  });

  t.test('charts page beyond loopback: opened with the printed link, it carries the token to its API calls and socket', async (t) => {
    const srv = await startServer({ HOST: '0.0.0.0' });
    const browser = await launchChromium();
    t.teardown(async () => {
      await browser.close();
      await srv.close();
    });
    const page = await browser.context.newPage();
    const refused: string[] = [];
    page.on('response', (response) => response.status() >= 400 && refused.push(`${response.status()} ${response.url()}`));

    const token = new URL(srv.server.chartsUrl!).searchParams.get('token')!;
    await page.goto(`${srv.url}/charts?token=${token}`);
    await page.waitForSelector('body[data-ready="true"]');
    t.pass('the page loaded its charts through the API');
    await page.waitForSelector('#link.up');
    t.pass('its socket is up');
    const ann = await userOf(srv, 'ann');
    const created = await ann.rest('POST', '/api/channels', { name: 'ops' });
    await page.click('#types button[data-kind="channel"]');
    const row = page.locator(`#actors tr[data-address="channel/${created.body.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('.chart[data-kind="channel"] [data-state-id="channel.open"].active').waitFor({ timeout: 5000 });
    t.pass('a live actor is listed and watched');
    t.same(refused, [], 'no request of the page was refused');

    const bare = await browser.context.newPage();
    const response = await bare.goto(`${srv.url}/charts`);
    t.equal(response?.status(), 401, 'without the token the page is refused');
  });
}
