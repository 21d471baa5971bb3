// Installing packages into a running interpreter, driven from the worker:
// Python (crate/packages/_wasipy_packages, `step`) resolves and installs,
// this loop fetches what each step asks for (package-fetch.js), until the
// step answers `done` or `error`. Works with and without JSPI: the fetches
// happen between Python calls, never inside one.
import { fetchNeeded } from './package-fetch.js';
import { packageCache, PLAN_FRESH_MS } from './package-cache.js';
import { scriptBlock } from './script-block.js';

/** More rounds than any real dependency graph needs (each round adds what it can): a guard against a loop. */
const MAX_ROUNDS = 200;

/**
 * @param {import('./python-host.js').PythonHost} host
 * @param {{requirements: string[], script?: string, indexUrl: string, deps?: boolean, pre?: boolean}} request
 * @param {(message: string) => void} [onProgress]  one line per step worth telling (downloads, what was installed)
 * @returns {Promise<{status: 'ok', installed: Array<{name, version}>, already: Array<{name, version}>} | {status: 'error', error: string}>}
 */
export async function installPackages(host, { requirements = [], script = null, indexUrl, deps = true, pre = false }, onProgress) {
  const block = scriptBlock(script);
  if (requirements.length === 0 && !block) return { status: 'ok', installed: [], already: [] };
  // The same request on a later visit installs the same files, straight from the cache.
  const planKey = JSON.stringify({ requirements, block, indexUrl, deps, pre });
  const saved = await packageCache.plan(planKey);
  let locked = saved && saved.ageMs < PLAN_FRESH_MS ? saved.plan : null;
  const where = host.downloads({ onProgress });
  let files = {};
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const answer = await host.callPython('_wasipy_packages', 'step', {
        requirements, script: block, index_url: indexUrl, files, locked, deps, pre,
      });
      if (answer.need) {
        files = { ...files, ...(await fetchNeeded(answer.need, where)) };
      } else if (answer.done) {
        await packageCache.keepPlan(planKey, answer.done.plan);
        for (const d of answer.done.installed) onProgress?.(`Installed ${d.name} ${d.version}`);
        return { status: 'ok', installed: answer.done.installed, already: answer.done.already };
      } else if (locked) {
        // A stored plan that no longer installs (a file gone from the index): resolve afresh.
        locked = null;
        files = {};
      } else {
        return { status: 'error', error: answer.error ?? 'the installer gave no answer' };
      }
    }
    return { status: 'error', error: `the installer asked for files ${MAX_ROUNDS} times without finishing; please report this with the requirements you gave` };
  } finally {
    where.clear(); // the downloads are installed (or of no use): free their memory
  }
}
