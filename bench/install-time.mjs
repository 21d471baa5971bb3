// Time to install `rich` (with markdown-it-py, mdurl and pygments) in the
// playground in Chromium, from the local test index (web/test/package-index:
// the pinned real wheels, served on 127.0.0.1, so no network time is in it):
//   cold   a fresh browser profile: the index is asked and every wheel downloaded
//   warm   a new visit in the same profile: the wheels and the resolved plan come from the Cache API
//   again  a second Run in the same session: the packages are there already
// Each time is from the click on Run to the end of the run of
// `import rich; print(rich.__name__)`, the install included.
//   node bench/install-time.mjs [--rounds N]   prints JSON
import { parseArgs } from 'node:util';
import { startBrowser, setEditorCode } from '../web/test/browser/harness.mjs';
import { startPackageIndex } from '../web/test/package-index/server.mjs';

export const INSTALL_CODE = '# /// script\n# dependencies = ["rich"]\n# ///\nimport rich\nprint(rich.__name__)\n';

async function timedRun(page) {
  await setEditorCode(page, INSTALL_CODE);
  const t0 = Date.now();
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.running === 'false' && document.getElementById('status').dataset.state === 'ok', null, { timeout: 120_000 });
  const ms = Date.now() - t0;
  const text = await page.locator('#output').innerText();
  if (!/^rich$/m.test(text)) throw new Error(`the install run did not print "rich":\n${text}`);
  return ms;
}

async function openPlayground(env, indexUrl) {
  const page = await env.browser.newPage();
  await page.goto(`${env.baseUrl}?index=${encodeURIComponent(indexUrl)}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return page;
}

/** @returns {Promise<{cold: number[], warm: number[], again: number[], requests: {cold: number, warm: number}}>} */
export async function runInstallBench({ rounds = 3 } = {}) {
  const index = await startPackageIndex();
  const out = { cold: [], warm: [], again: [], requests: { cold: 0, warm: 0 } };
  try {
    for (let i = 0; i < rounds; i++) {
      const env = await startBrowser(); // a fresh profile: empty HTTP cache and Cache API
      try {
        index.reset();
        const first = await openPlayground(env, index.url);
        out.cold.push(await timedRun(first));
        out.requests.cold = index.requests.length;
        out.again.push(await timedRun(first));
        await first.close();
        index.reset();
        const second = await openPlayground(env, index.url);
        out.warm.push(await timedRun(second));
        out.requests.warm = index.requests.length;
        await second.close();
      } finally {
        await env.close();
      }
    }
  } finally {
    await index.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
  console.log(JSON.stringify(await runInstallBench({ rounds: Number(values.rounds) })));
}
