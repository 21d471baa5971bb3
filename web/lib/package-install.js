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

const STOPPED = 'Installing was stopped: nothing was installed.';
const isUrl = (r) => /^[a-z][a-z0-9+.-]*:\/\//i.test(r.trim());
const hasUrl = (requirements) => requirements.some(isUrl);
/** The URL of a requirement that is one ("https://…/x.whl") or names one ("x @ https://…/x.whl"), else null. */
function requirementUrl(requirement) {
  const text = requirement.trim();
  if (isUrl(text)) return text;
  return /^[^@;]+@\s*([a-z][a-z0-9+.-]*:\/\/[^\s;]+)/i.exec(text)?.[1] ?? null;
}

/**
 * @param {import('./python-host.js').PythonHost} host
 * @param {{requirements: string[], script?: string, indexUrl: string, deps?: boolean, pre?: boolean, locked?: object[],
 *   flavour?: string | null, elsewhere?: Record<string, string>}} request
 *   locked: the plan of an earlier install to install exactly (a restart redoing the session's installs);
 *   flavour: the running module's (plans are kept per module: one resolved where numpy is built in
 *   lacks numpy elsewhere); elsewhere: package -> the flavour that has it built in
 *   (flavours.js builtInElsewhere), which the resolver does not look up on the index
 * @param {(message: string) => void} [onProgress]  one line per step worth telling (downloads, what was installed)
 * @returns {Promise<{status: 'ok', installed, already, plan} | {status: 'error' | 'crashed', error: string, module?: string, package?: string}>}
 *   Stop (PageWaits.interrupt) ends it as an error that says so, the session kept; `module`:
 *   the flavour that has built in `package`, which the resolution needs (from `elsewhere`).
 */
export async function installPackages(host, { requirements = [], script = null, indexUrl, deps = true, pre = false, locked: given = null, flavour = null, elsewhere = {} }, onProgress) {
  const block = scriptBlock(script);
  if (requirements.length === 0 && !block) return { status: 'ok', installed: [], already: [], plan: [] };
  // The same request on a later visit installs the same files, straight from the
  // cache. Not for wheels given by URL: the file behind a URL may change.
  const planKey = hasUrl(requirements) ? null : JSON.stringify({ requirements, block, indexUrl, deps, pre, ...(flavour ? { flavour } : {}) });
  const saved = given ? null : planKey && (await packageCache.plan(planKey));
  const fresh = saved && saved.ageMs < PLAN_FRESH_MS ? saved.plan : null;
  const stale = saved && !fresh ? saved.plan : null; // tried when the index cannot answer
  const stop = new AbortController();
  host.waits.takeInterrupt(); // an interrupt meant for the run before
  host.waits.onInterrupt = () => stop.abort();
  // What may be fetched: the index's pages and the files they name, the wheel
  // URLs the page gave (not those of a script block: the snippet's own text),
  // and the files of a plan the page kept.
  const wheelUrls = requirements.map(requirementUrl).filter(Boolean);
  host.gate.vouch(given ?? saved?.plan);
  const where = { ...host.downloads({ onProgress }), signal: stop.signal, gate: host.gate, indexUrl, wheelUrls, files: host.files };
  let locked = given ?? fresh;
  let files = {};
  let firstError = null; // the error of the first attempt, when a second one is made
  let usingStale = false;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (stop.signal.aborted) return { status: 'error', error: STOPPED, stopped: true };
      if (!host.alive) return { status: 'crashed', error: 'Python ended during the install (see its output); nothing was installed' };
      const answer = await host.callPython('_wasipy_packages', 'step', {
        requirements, script: block, index_url: indexUrl, files, locked, deps, pre, elsewhere,
      });
      if (answer.interrupted || stop.signal.aborted) return { status: 'error', error: STOPPED, stopped: true };
      if (answer.need) {
        files = { ...files, ...(await fetchNeeded(answer.need, where)) };
      } else if (answer.done) {
        // The plan is what Python answered, and code in the session can replace
        // the installer: it is kept only when every file in it is one the
        // index's pages (read by the gate) or a plan the page kept named, with
        // the same sha256; and cached for other sessions only when no code of
        // the session's own ran before it (package-cache.js: plans are replayed
        // without asking the index). Otherwise a restart resolves afresh.
        const problem = host.gate.checkPlan(answer.done.plan, { indexUrl, wheelUrls });
        const plan = problem ? null : answer.done.plan;
        if (plan) host.gate.vouch(plan);
        // Not a plan the page gave either (a restart redoing the session's installs): it may
        // come from an install after the session's code ran, which a fresh interpreter must not launder.
        if (plan && planKey && !given && !host.userCodeRan) await packageCache.keepPlan(planKey, plan);
        for (const d of answer.done.installed) onProgress?.(`Installed ${d.name} ${d.version}`);
        return { status: 'ok', installed: answer.done.installed, already: answer.done.already, plan, ...(problem ? { planProblem: problem } : {}) };
      } else if (locked && !given && !firstError) {
        // A stored plan that no longer installs (a file gone from the index): resolve afresh.
        firstError = answer.error;
        locked = null;
        files = {};
      } else if (!locked && stale && !firstError) {
        // The index cannot answer (offline?): the plan of an earlier visit, if its files are still at hand.
        firstError = answer.error;
        locked = stale;
        usingStale = true;
        files = {};
      } else {
        // The old plan failing too says less than why resolving failed.
        const error = (usingStale ? firstError : answer.error) ?? 'the installer gave no answer';
        const other = !usingStale && elsewhere[answer.package] === answer.module ? { module: answer.module, package: answer.package } : {};
        return { status: host.alive ? 'error' : 'crashed', error, ...other };
      }
    }
    return { status: 'error', error: `the installer asked for files ${MAX_ROUNDS} times without finishing; please report this with the requirements you gave` };
  } finally {
    host.waits.onInterrupt = null;
    where.clear(); // the downloads are installed (or of no use): free their memory
  }
}
