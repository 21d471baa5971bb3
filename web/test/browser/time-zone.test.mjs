// Local time in the playground is the reader's: Chromium with its time zone
// set (Playwright's timezoneId) and Python's time.localtime() and
// datetime.now().astimezone() compared with what the page's JavaScript says.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startBrowser, gotoPlayground, runInPlayground, artifacts } from './harness.mjs';

const envs = [];
after(async () => {
  for (const env of envs) await env.close();
});

const CODE = [
  'import time, datetime',
  'ts = 1720000000  # 2024-07-03, summer in the north',
  't = time.localtime(ts)',
  'print(t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_gmtoff, t.tm_isdst)',
  'print(datetime.datetime.fromtimestamp(ts).astimezone().utcoffset().total_seconds())',
  'print(round(datetime.datetime.now().astimezone().utcoffset().total_seconds()))',
].join('\n');

/** What the page's JavaScript says of the same instants. */
function javascriptView() {
  const at = new Date(1720000000 * 1000);
  const offset = (d) => -d.getTimezoneOffset() * 60;
  return [
    `${at.getFullYear()} ${at.getMonth() + 1} ${at.getDate()} ${at.getHours()} ${at.getMinutes()} ${offset(at)}`,
    `${offset(at).toFixed(1)}`,
    `${offset(new Date())}`,
  ];
}

for (const timezoneId of ['Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe']) {
  test(`in ${timezoneId}, time.localtime() and datetime's local time are the browser's`, async () => {
    const env = await startBrowser({ timezoneId });
    envs.push(env);
    const page = await env.browser.newPage();
    await gotoPlayground(page, env.baseUrl);
    const text = await runInPlayground(page, CODE);
    const [local, offset, now] = await page.evaluate(javascriptView);
    const lines = text.trim().split('\n');
    // tm_isdst: the last field of Python's first line; the rest as JavaScript has it.
    assert.equal(lines[0].split(' ').slice(0, -1).join(' '), local, text);
    assert.equal(lines[1], offset, text);
    assert.equal(lines[2], now, text);
    // The zone's name as the browser gives it (Chromium says Asia/Calcutta for Asia/Kolkata: both are in the zone files).
    const [zone, browserZone] = await page.evaluate(async () => [
      (await window.wasipy.session.run('import os\nos.environ["TZ"]')).value, Intl.DateTimeFormat().resolvedOptions().timeZone]);
    assert.equal(zone, `'${browserZone}'`);
    if (timezoneId === 'America/New_York') {
      assert.match(lines[0], / 1$/, 'July is daylight saving time in New York');
      await page.screenshot({ path: join(artifacts, 'time-zone.png') });
    }
  });
}
