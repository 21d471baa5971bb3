// Snippets that come and go (a docs site with instant navigation) in Chromium:
// their workers end when they leave the page, and a page never holds more than
// MAX_LIVE_SESSIONS. Live workers are counted by web-worker.js's test hook
// (window.__wasipyWorkers), and checked against Playwright's own list of workers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';
import { MAX_LIVE_SESSIONS } from '../../embed/sessions.js';

let env;
let page;

before(async () => {
  ({ env, page } = await openPage('examples/docs.html', (p) => p.waitForFunction(() => customElements.get('python-snippet'))));
  // Every change of the count, so that a peak between two looks is seen too.
  await page.evaluate(() => {
    let count = window.__wasipyWorkers ?? 0;
    let peak = count;
    Object.defineProperty(window, '__wasipyWorkers', {
      configurable: true,
      get: () => count,
      set: (value) => {
        count = value;
        peak = Math.max(peak, value);
      },
    });
    window.peakWorkers = () => {
      const seen = peak;
      peak = count;
      return seen;
    };
    /** Adds snippets (code, attributes) in a box of their own; resolves to the box and the elements. */
    window.addSnippets = (codes, attrs = {}) => {
      const box = document.createElement('div');
      const els = codes.map((code) => {
        const el = document.createElement('python-snippet');
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        el.textContent = code;
        box.append(el);
        return el;
      });
      document.body.append(box);
      return { box, els };
    };
    /** Clicks Run and resolves to the result and the notices shown. */
    window.runSnippet = (el) => new Promise((resolve) => {
      el.addEventListener('wasipy-result', (e) => {
        const notice = [...el.shadowRoot.querySelectorAll('.output .notice')].map((n) => n.textContent).join('\n');
        resolve({ status: e.detail.status, stdout: e.detail.stdout, notice });
      }, { once: true });
      el.shadowRoot.querySelector('button.run').click();
    });
    /** After the removing script's microtasks (where the elements free their sessions). */
    window.settled = () => new Promise((resolve) => setTimeout(resolve, 0));
  });
});

after(async () => {
  await env?.close();
});

/** Playwright's own count of the page's workers, once their close events have arrived. */
async function workersOnceClosed(expected) {
  for (let i = 0; i < 200 && page.workers().length > expected; i++) await page.waitForTimeout(50);
  return page.workers().length;
}

test(`50 snippets added, run at once and removed by a script: at most ${MAX_LIVE_SESSIONS} workers, none after`, { timeout: 180_000 }, async () => {
  const { results, during, peak, after: left } = await page.evaluate(async () => {
    const { box, els } = window.addSnippets(Array.from({ length: 50 }, (_, i) => `print(${i})`));
    const results = await Promise.all(els.map((el) => window.runSnippet(el)));
    const during = window.__wasipyWorkers;
    box.remove();
    await window.settled();
    return { results, during, peak: window.peakWorkers(), after: window.__wasipyWorkers };
  });
  assert.deepEqual(results.map((r) => `${r.status}:${r.stdout}`), Array.from({ length: 50 }, (_, i) => `ok:${i}\n`));
  assert.ok(peak <= MAX_LIVE_SESSIONS, `${peak} workers at once; the cap is ${MAX_LIVE_SESSIONS}`);
  assert.equal(during, MAX_LIVE_SESSIONS);
  assert.equal(left, 0, `${left} workers still running after every snippet left the page`);
  assert.equal(await workersOnceClosed(0), 0, 'the browser still lists workers of removed snippets');
});

test('a named session lives while one of its snippets is on the page; re-added, it starts fresh', { timeout: 120_000 }, async () => {
  const out = await page.evaluate(async () => {
    const { els } = window.addSnippets(['x = 1', 'x += 1', 'print(x)'], { session: 'coming-and-going' });
    const runs = [];
    for (const el of els) runs.push(await window.runSnippet(el));
    const one = window.__wasipyWorkers;
    els[0].remove();
    els[1].remove();
    await window.settled();
    const kept = window.__wasipyWorkers;
    const still = await window.runSnippet(els[2]);
    els[2].parentNode.append(els[2]); // moved, not removed: keeps its session
    await window.settled();
    const moved = await window.runSnippet(els[2]);
    els[2].remove();
    await window.settled();
    const none = window.__wasipyWorkers;
    document.body.append(els[2]); // the same element back later
    const back = await window.runSnippet(els[2]);
    els[2].remove();
    await window.settled();
    return { runs: runs.map((r) => r.status), one, kept, still: still.stdout, moved: moved.stdout, none, back, end: window.__wasipyWorkers };
  });
  assert.deepEqual(out.runs, ['ok', 'ok', 'ok']);
  assert.deepEqual([out.one, out.kept, out.still, out.moved, out.none], [1, 1, '2\n', '2\n', 0]);
  assert.equal(out.back.status, 'error');
  assert.match(out.back.notice, /closed when its snippets left the page; a fresh one was started/);
  assert.equal(out.end, 0);
});

test(`a ${MAX_LIVE_SESSIONS + 1}th session closes the least recently used idle one, which says so at its next run`, { timeout: 120_000 }, async () => {
  const out = await page.evaluate(async (max) => {
    const { box, els } = window.addSnippets(Array.from({ length: max + 1 }, (_, i) => `n = ${i}\nprint(n)`));
    for (const el of els) await window.runSnippet(el);
    const atCap = window.__wasipyWorkers;
    const again = await window.runSnippet(els[0]);
    box.remove();
    await window.settled();
    return { atCap, again, peak: window.peakWorkers(), end: window.__wasipyWorkers };
  }, MAX_LIVE_SESSIONS);
  assert.equal(out.atCap, MAX_LIVE_SESSIONS);
  assert.deepEqual([out.again.status, out.again.stdout], ['ok', '0\n']);
  assert.match(out.again.notice, new RegExp(`closed to make room for another: a page keeps at most ${MAX_LIVE_SESSIONS} at once`));
  assert.ok(out.peak <= MAX_LIVE_SESSIONS);
  assert.equal(out.end, 0);
});

test('Stop on a snippet queued behind another of its session drops only its own run', { timeout: 120_000 }, async () => {
  const out = await page.evaluate(async () => {
    const { box, els } = window.addSnippets([
      'import time\nfor i in range(10):\n    time.sleep(0.2)\nprint("first done")',
      'print("second")',
    ], { session: 'queue-stop' });
    const first = window.runSnippet(els[0]);
    const second = window.runSnippet(els[1]);
    els[1].shadowRoot.querySelector('button.stop').click(); // its run waits for the first one's
    const results = [await first, await second];
    box.remove();
    await window.settled();
    return results;
  });
  assert.deepEqual(out.map((r) => [r.status, r.stdout]), [['ok', 'first done\n'], ['stopped', '']]);
  assert.match(out[1].notice, /Stopped \(before it had started\)/);
});

test('>>> blocks (python-pycon) free their sessions too when they leave the page', { timeout: 120_000 }, async () => {
  const out = await page.evaluate(async () => {
    await customElements.whenDefined('python-pycon');
    const box = document.createElement('div');
    const blocks = [1, 2, 3].map((n) => {
      const el = document.createElement('python-pycon');
      el.textContent = `>>> ${n} + 1\n${n + 1}\n`;
      box.append(el);
      return el;
    });
    document.body.append(box);
    const statuses = [];
    for (const el of blocks) statuses.push((await el.run()).status);
    const during = window.__wasipyWorkers;
    box.remove();
    await new Promise((resolve) => setTimeout(resolve, 0)); // embed.js's MutationObserver has seen the removal
    return { statuses, during, after: window.__wasipyWorkers };
  });
  assert.deepEqual(out.statuses, ['ok', 'ok', 'ok']);
  assert.equal(out.during, 3);
  assert.equal(out.after, 0, `${out.after} workers of removed >>> blocks still running`);
});
