// Installing packages through the library, in Node: the real module, the real
// installer (crate/packages) and real wheels from a PEP 691 index on
// 127.0.0.1 (web/test/package-index). Node has no Cache API: the cache is the
// process's memory, which is what several sessions on one page share.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { module, rare, stdlib, stdlibExtra } from './fixture.mjs';
import { createSession } from '../../lib/session.js';
import { InstallError } from '../../lib/errors.js';
import { startPackageIndex } from '../package-index/server.mjs';
import { createWorkerHandler } from '../../lib/worker-handler.js';
import { scriptBlock } from '../../lib/script-block.js';

let index;
before(async () => {
  index = await startPackageIndex();
});
after(() => index?.close());

const open = (options = {}) => createSession({ module, rare, stdlib, stdlibExtra, useWorker: false, indexUrl: index.url, ...options });

const SITE = '/usr/local/lib/python3.13/site-packages';
const listSite = `import os; sorted(os.listdir(${JSON.stringify(SITE)}))`;

/** Requests to the index (pages and metadata) and to files since `reset()`. */
const indexRequests = () => index.requests.filter((r) => r.path.startsWith('/simple/'));
const fileRequests = () => index.requests.filter((r) => r.path.startsWith('/files/'));

async function run(session, code) {
  const result = await session.run(code, { display: false });
  assert.equal(result.status, 'ok', `${code}\n${result.stderr}`);
  return result;
}

test('install by name brings the dependency chain, and the package imports', async () => {
  const session = await open();
  try {
    const { installed } = await session.install('python-dateutil');
    // python-dateutil 4 needs tzdata (3.x needed six).
    assert.deepEqual(installed.map((d) => d.name).sort(), ['python-dateutil', 'tzdata']);
    const r = await run(session, 'from dateutil.relativedelta import relativedelta\nimport datetime, tzdata\nprint(datetime.date(2024, 1, 31) + relativedelta(months=1), tzdata.__name__)');
    assert.equal(r.stdout, '2024-02-29 tzdata\n');
    // importlib.metadata sees it as pip would have installed it.
    const meta = await run(session, 'import importlib.metadata as m\nprint(m.version("python-dateutil"), m.distribution("tzdata").read_text("INSTALLER").strip())');
    assert.match(meta.stdout, /^\d+\.\d+\.\d+ \S+\n$/);
  } finally {
    session.dispose();
  }
});

test('loadPython({ packages }) installs before the session is ready, with progress', async () => {
  const events = [];
  const session = await open({ packages: ['attrs', 'more-itertools>=10'], onProgress: (e) => events.push(e) });
  try {
    const r = await run(session, 'import attrs, more_itertools\n@attrs.define\nclass P:\n    x: int\nprint(P(1), list(more_itertools.chunked(range(5), 2)))');
    assert.equal(r.stdout, 'P(x=1) [[0, 1], [2, 3], [4]]\n');
    const installs = events.filter((e) => e.phase === 'install').map((e) => e.message);
    assert.ok(installs.some((m) => /^Installed attrs \d/.test(m)), installs.join('\n'));
    assert.equal(events.at(-1).phase, 'ready', 'ready comes after the installs');
  } finally {
    session.dispose();
  }
});

test('install by wheel URL, and a PEP 723 script block', async () => {
  const session = await open();
  try {
    const wheel = [...index.projects.get('six').files].find((f) => f.filename.endsWith('.whl'));
    const { installed } = await session.install(`${index.origin}/files/${wheel.filename}`);
    assert.deepEqual(installed.map((d) => d.name), ['six']);
    const script = '# /// script\n# requires-python = ">=3.12"\n# dependencies = [\n#   "attrs",\n# ]\n# ///\nimport attrs\nprint(attrs.__name__)\n';
    const result = await session.install([], { script });
    assert.deepEqual(result.installed.map((d) => d.name), ['attrs']);
    assert.equal((await run(session, script)).stdout, 'attrs\n');
  } finally {
    session.dispose();
  }
});

test('markers are evaluated for wasipy (sys_platform "wasi") and extras pull their dependencies', async () => {
  const session = await open();
  try {
    const { installed } = await session.install(['markerpkg', 'extrapkg[fancy]']);
    const names = installed.map((d) => d.name).sort();
    assert.deepEqual(names, ['extrapkg', 'markerpkg', 'more-itertools', 'six']);
    assert.ok(!index.requests.some((r) => r.path.includes('nosuchpkg')), 'the win32-only dependency was not even looked up');
  } finally {
    session.dispose();
  }
});

test('what cannot be installed says why, and leaves site-packages as it was', async () => {
  const session = await open();
  try {
    const before = (await session.run(listSite, { display: false })).value;
    const cases = [
      ['needsbinary', /markupsafe[\s\S]*pure-Python[\s\S]*needsbinary/i],
      ['this is not a requirement!', /this is not a requirement!/],
      ['surely-no-such-package-here', /surely-no-such-package-here/],
      ['attrs==0.0.1', /attrs[\s\S]*0\.0\.1/],
      [['conflict-a', 'conflict-b'], /six[\s\S]*conflict-(a|b)/],
      ['oldpy', /oldpy[\s\S]*py2/],
      ['brokenpkg', /brokenpkg/],
      [`${index.origin}/files/not_there-1.0-py3-none-any.whl`, /not_there-1\.0-py3-none-any\.whl[\s\S]*404/],
      // A single-page app's fallback page with status 200 where the wheel should be.
      [`${index.origin}/files/page_instead-1.0-py3-none-any.whl`, /page_instead-1\.0-py3-none-any\.whl[\s\S]*(HTML|html|not a (zip|wheel))/],
    ];
    index.override('/files/page_instead-1.0-py3-none-any.whl', 'html');
    for (const [spec, pattern] of cases) {
      await assert.rejects(session.install(spec), (e) => {
        assert.ok(e instanceof InstallError, `${spec}: ${e}`);
        assert.match(e.message, pattern, `${spec}`);
        return true;
      });
      assert.equal((await session.run(listSite, { display: false })).value, before, `${spec} left site-packages as it was`);
    }
    assert.equal((await run(session, 'print(6 * 7)')).stdout, '42\n', 'the session keeps working');
  } finally {
    session.dispose();
  }
});

test('a wheel whose bytes do not match the index sha256 is refused', async () => {
  const session = await open();
  // A wheel no earlier test installed: a cached copy (kept by its hash) would be used instead.
  const wheel = index.projects.get('mdurl').files.find((f) => f.filename.endsWith('.whl')).filename;
  index.tamper(wheel);
  try {
    await assert.rejects(session.install('mdurl'), (e) => e instanceof InstallError && /sha256/i.test(e.message) && e.message.includes(wheel));
    assert.equal((await session.run('import mdurl', { display: false })).status, 'error');
  } finally {
    index.tamper(wheel, false);
    session.dispose();
  }
});

test('an index that answers 404 or is offline gives a clear error; the session keeps working', async () => {
  const session = await open();
  try {
    index.override('/simple/attrs/', 404);
    await assert.rejects(session.install('attrs==99'), (e) => /attrs/.test(e.message) && /404|not found/i.test(e.message));
    index.override('/simple/attrs/', null);
    index.setOffline(true);
    await assert.rejects(session.install('rich'), (e) => e instanceof InstallError && e.message.includes(index.origin));
    index.setOffline(false);
    assert.equal((await run(session, 'print("still here")')).stdout, 'still here\n');
  } finally {
    index.setOffline(false);
    session.dispose();
  }
});

test('a second session installs the same packages from the cache: no request to the index', async () => {
  const first = await open();
  await first.install('rich');
  first.dispose();
  index.reset();
  const second = await open({ packages: ['rich'] });
  try {
    assert.deepEqual(index.requests, [], 'no request at all');
    const r = await run(second, 'from rich.text import Text\nprint(Text.from_markup("[bold]hi[/bold]").plain)');
    assert.equal(r.stdout, 'hi\n');
  } finally {
    second.dispose();
  }
});

test('a fresh interpreter after a crash gets the session\'s packages again, from the cache', async () => {
  const session = await open();
  try {
    await session.install('attrs');
    const exit = await session.run('import os; os._exit(3)');
    assert.equal(exit.status, 'exit');
    index.reset();
    const r = await session.run('import attrs; print(attrs.__name__)');
    assert.equal(r.restarted, true);
    assert.equal(r.stdout, 'attrs\n', r.stderr);
    assert.deepEqual(fileRequests(), []);
    assert.deepEqual(indexRequests(), []);
  } finally {
    session.dispose();
  }
});

test('wasipy.install() inside a run says what to do where runs cannot wait (no JSPI here)', async () => {
  const session = await open();
  try {
    const r = await session.run('import wasipy\nwasipy.install("attrs")');
    assert.equal(r.status, 'error');
    assert.match(r.stderr, /session\.install\(/);
    assert.match(r.stderr, /pip install --target/);
    assert.equal((await run(session, 'print(1)')).stdout, '1\n');
  } finally {
    session.dispose();
  }
});

test('install() checks its arguments', async () => {
  const session = await open();
  try {
    assert.throws(() => session.install(42), /requirement string/);
    assert.throws(() => session.install([], { script: 5 }), /script must be a string/);
    assert.throws(() => session.install('wheels/x-1.0-py3-none-any.whl'), /relative URL/);
  } finally {
    session.dispose();
  }
});

test('a fresh interpreter that cannot get the packages again says so, and the next run tries again', async () => {
  const session = await open();
  try {
    // A wheel given by URL is not kept in the cache (the file behind a URL may change),
    // and no other test installs this one from the index.
    const wheel = index.projects.get('yankpkg').files.find((f) => f.version === '1.0').filename;
    await session.install(`${index.origin}/files/${wheel}`);
    assert.equal((await session.run('import os; os._exit(1)')).status, 'exit');
    index.setOffline(true);
    const failed = await session.run('print(1)');
    assert.equal(failed.status, 'crashed');
    assert.match(failed.error, /could not install this session's packages again[\s\S]*the next run tries again/);
    index.setOffline(false);
    const again = await session.run('import yankpkg; print(yankpkg.__name__)');
    assert.equal(again.status, 'ok', again.stderr);
    assert.equal(again.stdout, 'yankpkg\n');
  } finally {
    index.setOffline(false);
    session.dispose();
  }
});

test('the run after an install that restarted Python says it was restarted', async () => {
  const session = await open();
  try {
    await run(session, 'x = 1');
    assert.equal((await session.run('import os; os._exit(0)')).status, 'exit');
    await session.install('six');
    const r = await session.run('print("x" in globals())');
    assert.equal(r.stdout, 'False\n');
    assert.equal(r.restarted, true, 'the fresh interpreter is announced by the next run');
  } finally {
    session.dispose();
  }
});

test('Stop during an install\'s downloads ends it at once; the interpreter and its variables stay', async () => {
  const posted = [];
  const handle = createWorkerHandler((msg) => posted.push(msg));
  const done = (id) => new Promise((resolve) => {
    const timer = setInterval(() => {
      const msg = posted.find((m) => m.type === 'done' && m.id === id);
      if (msg) {
        clearInterval(timer);
        resolve(msg.result);
      }
    }, 10);
  });
  await handle({ type: 'init', module, rare, stdlib, stdlibExtra, indexUrl: index.url });
  assert.equal(posted.at(-1).type, 'ready');
  await handle({ type: 'run', id: 1, code: 'x = 41' });
  let asked;
  const answered = new Promise((resolve) => { asked = resolve; });
  index.override('/simple/more-itertools/', () => asked()); // never answers: an index that hangs
  try {
    const install = handle({ type: 'install', id: 2, requirements: ['more-itertools'], indexUrl: index.url });
    await answered;
    await handle({ type: 'interrupt' });
    await install;
    const result = await done(2);
    assert.equal(result.status, 'error');
    assert.equal(result.stopped, true);
    assert.match(result.error, /stopped: nothing was installed/);
    await handle({ type: 'run', id: 3, code: 'x + 1' });
    const r = await done(3);
    assert.equal(r.value, '42', 'the variables are kept');
  } finally {
    index.override('/simple/more-itertools/', null);
  }
});

test('a script block is found after a block of another type, as PEP 723 reads them', () => {
  const code = '# /// pyproject\n# [tool.x]\n# ///\n\n# /// script\n# dependencies = ["attrs"]\n# ///\nimport attrs\n';
  assert.equal(scriptBlock(code), '# /// script\n# dependencies = ["attrs"]\n# ///');
  assert.equal(scriptBlock('import attrs\n'), null);
});

test('a plan planted by code in the session is not cached: a later session with the same script block installs only what the index says', async () => {
  // A request no other test makes, so that no earlier plan for it is cached.
  const script = '# /// script\n# dependencies = ["six>=1.1"]\n# ///\nimport six\n';
  const planted = index.projects.get('more-itertools').files.find((f) => f.filename.endsWith('.whl'));
  const entry = { name: 'more-itertools', version: planted.version, url: `${index.origin}/files/${planted.filename}`, sha256: planted.sha256, filename: planted.filename };
  const attacker = await open();
  try {
    // A share link's code: the installer's answers now name a wheel the request never asked for.
    await run(attacker, `import _wasipy_packages
_real_step = _wasipy_packages.step
def _planting_step(request):
    answer = _real_step(request)
    if "done" in answer:
        answer["done"]["plan"] = answer["done"]["plan"] + [${JSON.stringify(entry)}]
    return answer
_wasipy_packages.step = _planting_step`);
    await attacker.install([], { script });
  } finally {
    attacker.dispose();
  }
  const reader = await open();
  try {
    const { installed } = await reader.install([], { script });
    assert.deepEqual(installed.map((d) => d.name), ['six']);
    const r = await reader.run('import more_itertools', { display: false });
    assert.equal(r.status, 'error', 'the planted wheel was not installed');
    // The reader's own install (no code of its own ran first) is cached: a third session needs no index.
    index.reset();
    const third = await open();
    try {
      assert.deepEqual((await third.install([], { script })).installed.map((d) => d.name), ['six']);
      assert.deepEqual(indexRequests(), [], 'the checked plan came from the cache');
    } finally {
      third.dispose();
    }
  } finally {
    reader.dispose();
  }
});

test('a plan is checked against the index pages the page read: files, sha256 and projects', async () => {
  const { PackageGate } = await import('../../lib/package-gate.js');
  const gate = new PackageGate();
  const indexUrl = 'https://index.example/simple/';
  const sha = (c) => c.repeat(64);
  const page = JSON.stringify({ files: [{ filename: 'a-1.0-py3-none-any.whl', url: '../../files/a-1.0-py3-none-any.whl', hashes: { sha256: sha('a') } }] });
  gate.learnPage(`${indexUrl}a/`, new TextEncoder().encode(page), 'application/vnd.pypi.simple.v1+json');
  const a = { name: 'a', version: '1.0', url: 'https://index.example/files/a-1.0-py3-none-any.whl', sha256: sha('a'), filename: 'a-1.0-py3-none-any.whl' };
  assert.equal(gate.checkPlan([a], { indexUrl }), null);
  assert.match(gate.checkPlan([{ ...a, sha256: sha('b') }], { indexUrl }), /gives it sha256 a+, the plan b+/);
  // The file of project a, planned as another project: not what a's page said for it.
  assert.match(gate.checkPlan([{ ...a, name: 'b' }], { indexUrl }), /is not listed on https:\/\/index\.example\/simple\/b\//);
  assert.match(gate.checkPlan([{ ...a, url: 'https://evil.example/a-1.0-py3-none-any.whl' }], { indexUrl }), /evil\.example.*is not listed/);
  assert.match(gate.checkPlan([a], { indexUrl: 'https://other.example/simple/' }), /is not listed on https:\/\/other\.example\/simple\/a\//);
  // A wheel the page gave by URL; a plan the page kept.
  const byUrl = { name: 'c', version: '1', url: 'https://wheels.example/c-1-py3-none-any.whl', sha256: sha('c'), filename: 'c-1-py3-none-any.whl' };
  assert.equal(gate.checkPlan([byUrl], { indexUrl, wheelUrls: [byUrl.url] }), null);
  assert.match(gate.checkPlan([byUrl], { indexUrl }), /is not listed/);
  gate.vouch([byUrl]);
  assert.equal(gate.checkPlan([byUrl], { indexUrl }), null);
  assert.match(gate.checkPlan([{ ...byUrl, sha256: sha('d') }], { indexUrl }), /is not listed/);
  assert.match(gate.checkPlan('nope', { indexUrl }), /not a list/);
  // A package built into the module (numpy): nothing to fetch; with a URL it is a file like any other.
  assert.equal(gate.checkPlan([a, { name: 'numpy', version: '2.3.5', built_in: true }], { indexUrl }), null);
  assert.match(gate.checkPlan([{ name: 'numpy', version: '2.3.5', built_in: true, url: 'https://evil.example/numpy.whl' }], { indexUrl }), /evil\.example.*is not listed/);
});

test('a plan made after the session\'s code ran is not cached by the restart that redoes it', async () => {
  const script = '# /// script\n# dependencies = ["six>=1.3"]\n# ///\nimport six\n';
  const other = index.projects.get('more-itertools').files.find((f) => f.filename.endsWith('.whl'));
  const entry = { name: 'more-itertools', version: other.version, url: `${index.origin}/files/${other.filename}`, sha256: other.sha256, filename: other.filename };
  const attacker = await open();
  try {
    await attacker.install('more-itertools'); // its page is read: the planted entry is a file the index lists
    await run(attacker, `import _wasipy_packages
_real_step = _wasipy_packages.step
def _planting_step(request):
    answer = _real_step(request)
    if "done" in answer and not any(p["name"] == "more-itertools" for p in answer["done"]["plan"]):
        answer["done"]["plan"] = answer["done"]["plan"] + [${JSON.stringify(entry)}]
    return answer
_wasipy_packages.step = _planting_step`);
    await attacker.install([], { script });
    assert.equal((await attacker.run('import os; os._exit(0)')).status, 'exit');
    const again = await attacker.run('print(1)'); // a fresh interpreter redoes the session's installs
    assert.equal(again.restarted, true);
  } finally {
    attacker.dispose();
  }
  const reader = await open();
  try {
    const { installed } = await reader.install([], { script });
    assert.deepEqual(installed.map((d) => d.name), ['six']);
    assert.equal((await reader.run('import more_itertools', { display: false })).status, 'error');
  } finally {
    reader.dispose();
  }
});
