import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, chromiumMissing, launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';

/**
 * The /playground page in headless Chromium (Debian's `chromium`, driven by playwright-core):
 * a poker table is joined and a SIT sent from the form built from its codec, its
 * TABLE_SNAPSHOT appears in the log checked by the codecs, and the sequence is saved and
 * loaded again. Saves test-artifacts/playground.png. Skipped when Chromium is not installed.
 */

const NAME = 'playground page: join a poker table, SIT from the form, see TABLE_SNAPSHOT validated; save and load the sequence';

t.test('playground: off in production', async (t) => {
  const srv = await startServer({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-enough-length-0123456789', STORE_SECRET: 'a-store-secret-for-the-production-test' });
  t.teardown(() => srv.close());
  t.equal((await fetch(`${srv.url}/playground`)).status, 404, '/playground is not served');
  t.equal(srv.server.playgroundUrl, undefined, 'and no link to it is printed');
  t.equal((await fetch(`${srv.url}/asyncapi/poker.yaml`)).status, 200, 'the AsyncAPI documents still are');
});

if (chromiumMissing) {
  t.test(NAME, { skip: chromiumMissing }, () => {});
} else {
  t.test(NAME, async (t) => {
    const srv = await startServer({ POKER_MIN_BUY_IN: '100' });
    const browser = await launchChromium();
    t.teardown(async () => {
      await browser.close();
      await srv.close();
    });
    const { page, problems } = await browser.page();

    await page.goto(`${srv.url}/playground`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption('#route', 'poker#0');
    await page.click('#connect');
    await page.waitForSelector('body[data-connected="true"]');
    await page.waitForSelector('#log li[data-type="SESSION"][data-valid="true"]');
    t.pass('connected: SESSION arrives and the codecs accept it');

    await page.selectOption('#message', 'SIT');
    t.equal(await page.inputValue('[name="SIT.tableId"]'), 't-1', 'the form is prefilled with a valid example');
    await page.fill('[name="SIT.buyIn"]', '5000');
    await page.click('#send');
    await page.waitForSelector('#log li[data-direction="client"][data-type="SIT"][data-valid="true"]');
    const snapshot = await page.waitForSelector('#log li[data-type="TABLE_SNAPSHOT"][data-valid="true"]');
    const text = JSON.parse((await snapshot.$eval('pre', (pre) => pre.textContent)) ?? '{}');
    t.equal(text.yourSeat, 0, 'its TABLE_SNAPSHOT is in the log, validated, with our seat');
    t.equal(await page.locator('#log li[data-valid="false"]').count(), 0, 'no frame failed its codec');
    await page.waitForFunction(() => !document.querySelector('#log li:not([data-valid])'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png'), fullPage: true });

    await page.fill('#sequence-name', 'sit at t-1');
    await page.click('#save');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption('#saved', 'sit at t-1');
    await page.click('#load');
    t.equal(await page.locator('#sequence li').count(), 1, 'the saved sequence loads back');
    t.equal(await page.inputValue('#route'), 'poker#0', 'with its route');
    t.equal(await page.inputValue('[name="SIT.buyIn"]'), '5000', 'and its last message in the form');
    t.same(problems, [], 'no script errors');
  });
}
