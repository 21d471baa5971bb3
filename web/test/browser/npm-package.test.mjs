// The npm package as an app sees it: the tarball scripts/npm-dist.sh packs
// from dist/, installed into a fresh app that does `import { loadPython } from
// 'wasipy'` and has no configuration; `vite build` of it, served and opened in
// Chromium, prints 42; the app's dev server too; Node imports it and runs
// Python; and tsc (strict) accepts code that uses the declared API and refuses
// code that misuses it, so the declarations are not `any`.
//
// No registry at test time: the package has no dependencies (the library and
// the embed are prebuilt into dist/ with theirs bundled), so `npm install
// --offline` of the tarball needs nothing else. It gets an empty npm cache of
// its own: that shows nothing came from the cache that `npm ci` filled, and
// the user's cache does not grow by the tarball at each run. The app's tools,
// vite and tsc, are this repository's, run by their paths as the app's own
// `npx vite build` would run its copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, preview } from 'vite';
import { launchChromium, root, artifacts } from './harness.mjs';

const VITE = join(root, 'node_modules/vite/bin/vite.js');
const TSC = join(root, 'node_modules/typescript/bin/tsc');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tarball = join(root, `target/dist/wasipy-${version}.tgz`);

let app; // the fresh app's folder
let files; // the tarball's file list, without its package/ prefix
let chrome;

/** Runs `command` (in `cwd`), failing the test with its output when it fails. */
function run(command, args, { cwd = root } = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  return { output, seconds: ((performance.now() - started) / 1000).toFixed(1) };
}

const write = (file, text) => writeFileSync(join(app, file), text);

before(() => {
  const pack = run('bash', ['scripts/npm-dist.sh']);
  console.log(`[npm-package] scripts/npm-dist.sh (${pack.seconds} s): ${pack.output.trim()}`);
  assert.ok(existsSync(tarball), `scripts/npm-dist.sh wrote no ${relative(root, tarball)}`);
  files = run('tar', ['-tzf', tarball]).output.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));

  app = mkdtempSync(join(tmpdir(), 'wasipy-npm-app-'));
  write('package.json', JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2));
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', join(app, '.npm-cache'), tarball], { cwd: app });
  console.log(`[npm-package] npm install --offline of the tarball: ${install.seconds} s`);
  rmSync(join(app, '.npm-cache'), { recursive: true, force: true });
});

after(async () => {
  await chrome?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

test('the tarball has the library, its types, the built files, README and LICENSE, and nothing of the playground or the tests', () => {
  for (const file of ['package.json', 'README.md', 'LICENSE', 'dist/wasipy.js', 'web/lib/index.d.ts', 'dist/embed.js', 'dist/wasipy.wasm', 'dist/wasipy-rare.wasm',
    'dist/python313-boot.zip', 'dist/stdlib-manifest.json', 'dist/python313.zip', 'dist/python313-extra.zip', 'dist/stdlib/json/decoder.pyc']) {
    assert.ok(files.includes(file), `the tarball has no ${file}`);
  }
  assert.ok(files.some((f) => /^dist\/lib\/worker-[\w-]+\.js$/.test(f)), 'the tarball has the library\'s worker script');
  if (existsSync(join(root, 'dist/flavours/numpy'))) assert.ok(files.includes('dist/flavours/numpy/wasipy.wasm'), 'the numpy module is built but not packed');
  // The .br/.gz copies, the playground and example pages, and any source or test (web/ gives its types only).
  const unwanted = files.filter((f) => /\.(br|gz)$/.test(f) || /(^|\/)index\.html$/.test(f) || f.startsWith('dist/examples/')
    || /^(target|node_modules|python|crate|scripts)\//.test(f) || (f.startsWith('web/') && f !== 'web/lib/index.d.ts'));
  assert.deepEqual(unwanted, [], 'the tarball has files an app does not need');

  const pkg = JSON.parse(readFileSync(join(app, 'node_modules/wasipy/package.json'), 'utf8'));
  assert.equal(pkg.name, 'wasipy');
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.license, 'MIT');
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'the package has no dependencies: the library is prebuilt');
  assert.deepEqual(Object.keys(pkg.exports['.']), ['types', 'default'], 'exports "." names its types first');
  assert.match(readFileSync(join(app, 'node_modules/wasipy/LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 the wasipy authors/);
});

test('every file a packed script names is in the package', () => {
  const dir = join(app, 'node_modules/wasipy');
  const missing = [];
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(dir, file), 'utf8');
    // Static and dynamic imports of chunks, and the files named by `new URL('…', import.meta.url)`.
    const named = [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g), ...code.matchAll(/new URL\(\s*["'`]([^"'`$]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)];
    for (const [, name] of named) {
      const target = relative(dir, resolve(dirname(join(dir, file)), name.replace(/[?#].*$/, '')));
      if (!files.includes(target)) missing.push(`${file} -> ${name}`);
    }
  }
  assert.deepEqual(missing, []);
});

/** Opens `url` in Chromium: resolves to what the app page shows once its run ended, and the URLs it requested. */
async function runInChromium(url, screenshot) {
  chrome ??= await launchChromium();
  const page = await chrome.browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-status]', { timeout: 120_000 });
    await page.screenshot({ path: join(artifacts, screenshot) });
    return { status: await page.getAttribute('body', 'data-status'), shown: await page.textContent('#out'), requests, errors };
  } finally {
    await page.close();
  }
}

// The app: a page and a TypeScript module that uses the package, nothing else.
const APP_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>my app</title></head>
<body><pre id="out">loading…</pre><script type="module" src="/main.ts"></script></body></html>
`;
const APP_MAIN = `import { loadPython, type RunResult } from 'wasipy';

const out = document.querySelector<HTMLPreElement>('#out')!;
// ?tree: the per-module stdlib from the app's own copy of it (public/wasipy/), as the README says.
const tree = new URLSearchParams(location.search).has('tree');
loadPython({
  stdlibManifestUrl: tree ? new URL('/wasipy/stdlib-manifest.json', location.href) : undefined,
  onProgress: (event) => { out.textContent = event.phase; },
})
  .then((session) => session.run('import json; print(json.dumps(6*7))'))
  .then((result: RunResult) => {
    out.textContent = result.stdout;
    document.body.dataset.status = result.status;
  }, (error: Error) => {
    out.textContent = \`\${error.name}: \${error.message}\`;
    document.body.dataset.status = 'failed';
  });
`;

test('a fresh Vite app imports wasipy and `vite build` gives a working app, without configuration', async () => {
  write('index.html', APP_HTML);
  write('main.ts', APP_MAIN);
  // For ?tree only: the app's copy of the stdlib's module files (Vite copies public/ into the build).
  cpSync(join(app, 'node_modules/wasipy/dist/stdlib'), join(app, 'public/wasipy/stdlib'), { recursive: true });
  cpSync(join(app, 'node_modules/wasipy/dist/stdlib-manifest.json'), join(app, 'public/wasipy/stdlib-manifest.json'));
  const build = run(process.execPath, [VITE, 'build'], { cwd: app });
  console.log(`[npm-package] vite build of the app: ${build.seconds} s`);
  // A file the package names but the bundler could not find would be a warning here, and missing at run time.
  assert.doesNotMatch(build.output, /doesn't exist at build time|could not be resolved|\bwarn/i, build.output);
  const server = await preview({ root: app, configFile: false, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  try {
    const started = performance.now();
    const built = await runInChromium(server.resolvedUrls.local[0], 'npm-package-vite-build.png');
    console.log(`[npm-package] the built app printed ${JSON.stringify(built.shown)} ${((performance.now() - started) / 1000).toFixed(1)} s after it was opened`);
    assert.deepEqual(built.errors, []);
    assert.equal(built.status, 'ok', built.shown);
    assert.equal(built.shown, '42\n');
    // The bundler emitted the module and the two-archive stdlib as assets of the app (no stdlib/ folder there).
    let paths = built.requests.map((u) => new URL(u).pathname);
    assert.ok(paths.some((p) => /^\/assets\/wasipy-[\w-]+\.wasm$/.test(p)), `the module came from the app's assets: ${paths.join(' ')}`);
    assert.ok(paths.some((p) => /^\/assets\/python313-[\w-]+\.zip$/.test(p)), `the stdlib came from the app's assets: ${paths.join(' ')}`);

    const withTree = await runInChromium(`${server.resolvedUrls.local[0]}?tree`, 'npm-package-vite-build-tree.png');
    assert.deepEqual(withTree.errors, []);
    assert.equal(withTree.status, 'ok', withTree.shown);
    assert.equal(withTree.shown, '42\n');
    paths = withTree.requests.map((u) => new URL(u).pathname);
    assert.ok(paths.includes('/wasipy/stdlib/json/decoder.pyc'), `json's modules came from the app's copy: ${paths.join(' ')}`);
    assert.ok(!paths.some((p) => /python313-[\w-]+\.zip$/.test(p)), `no two-archive stdlib with the app's own tree: ${paths.join(' ')}`);
  } finally {
    await server.close();
  }
});

test('the app\'s Vite dev server serves it too, with the per-module stdlib from node_modules/wasipy/dist/', async () => {
  write('index.html', APP_HTML);
  write('main.ts', APP_MAIN);
  const server = await createServer({ root: app, configFile: false, cacheDir: join(app, '.vite'), logLevel: 'warn', server: { port: 0, host: '127.0.0.1', strictPort: false } });
  await server.listen();
  try {
    const { status, shown, requests, errors } = await runInChromium(server.resolvedUrls.local[0], 'npm-package-vite-dev.png');
    assert.deepEqual(errors, []);
    assert.equal(status, 'ok', shown);
    assert.equal(shown, '42\n');
    const paths = requests.map((u) => new URL(u).pathname);
    assert.ok(paths.includes('/node_modules/wasipy/dist/stdlib-manifest.json'), `the manifest came from the package: ${paths.join(' ')}`);
  } finally {
    await server.close();
  }
});

test('without a bundler, a page imports node_modules/wasipy/dist/wasipy.js as a static host serves it, with the per-module stdlib', async () => {
  // What a site does that copies the package's dist/ to its host: the files as they are, under any path.
  write('static.html', `<!doctype html>
<html><head><meta charset="utf-8"><title>static</title></head>
<body><pre id="out">loading…</pre><script type="module">
import { loadPython } from './node_modules/wasipy/dist/wasipy.js';
const out = document.querySelector('#out');
loadPython().then((session) => session.run('import json; print(json.dumps(6*7))')).then((result) => {
  out.textContent = result.stdout;
  document.body.dataset.status = result.status;
}, (error) => {
  out.textContent = \`\${error.name}: \${error.message}\`;
  document.body.dataset.status = 'failed';
});
</script></body></html>
`);
  // vite preview is only a static file server here, of the app's folder as it is (logLevel: its
  // warning that the output folder is the root is for builds, and there is none).
  const server = await preview({ root: app, configFile: false, logLevel: 'error', build: { outDir: '.' }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  try {
    const { status, shown, requests, errors } = await runInChromium(`${server.resolvedUrls.local[0]}static.html`, 'npm-package-static.png');
    assert.deepEqual(errors, []);
    assert.equal(status, 'ok', shown);
    assert.equal(shown, '42\n');
    const paths = requests.map((u) => new URL(u).pathname);
    assert.ok(paths.includes('/node_modules/wasipy/dist/stdlib/json/decoder.pyc'), `json's modules came from the package's stdlib/: ${paths.join(' ')}`);
  } finally {
    await server.close();
  }
});

test('Node imports the package: loadPython runs Python on its thread, with the packed module and stdlib', () => {
  write('node-check.mjs', `import { readFile } from 'node:fs/promises';
import * as wasipy from 'wasipy';

const entry = import.meta.resolve('wasipy');
const file = (name) => readFile(new URL(name, entry));
const session = await wasipy.loadPython({
  useWorker: false,
  module: await WebAssembly.compile(await file('wasipy.wasm')),
  rare: await WebAssembly.compile(await file('wasipy-rare.wasm')),
  stdlib: await file('python313.zip'),
  stdlibExtra: await file('python313-extra.zip'),
});
const result = await session.run('print(6*7)');
session.dispose();
console.log(JSON.stringify({ entry, exports: Object.keys(wasipy).sort(), stdout: result.stdout }));
`);
  const { output } = run(process.execPath, ['node-check.mjs'], { cwd: app });
  const seen = JSON.parse(output.trim().split('\n').at(-1));
  assert.match(seen.entry, /\/node_modules\/wasipy\/dist\/wasipy\.js$/);
  assert.deepEqual(seen.exports, ['DEFAULTS', 'FLAVOURS', 'InstallError', 'LoadError', 'OptionsError', 'Session', 'SessionDisposedError', 'WasipyError', 'flavourFor', 'loadPython', 'scriptBlock']);
  assert.equal(seen.stdout, '42\n');
});

// Code that uses every part of the declared API, as an app would (checked, not run).
const USES_API = `import {
  loadPython, Session, DEFAULTS, FLAVOURS, flavourFor, scriptBlock,
  WasipyError, OptionsError, LoadError, InstallError, SessionDisposedError,
  type LoadPythonOptions, type LoadProgressEvent, type RunResult, type DisplayMessage, type Flavour,
} from 'wasipy';

const phases: string[] = [];
const options: LoadPythonOptions = {
  wasmUrl: new URL('/wasipy/wasipy.wasm', location.href),
  rareUrl: '/wasipy/wasipy-rare.wasm',
  stdlibUrl: '/wasipy/python313-boot.zip',
  stdlibManifestUrl: '/wasipy/stdlib-manifest.json',
  flavoursUrl: '/wasipy/flavours/',
  onOutput: (stream, text) => console.log(stream.toUpperCase(), text.length),
  onStdout: (line) => line.trim(),
  onStderr: (line) => line.trim(),
  onStdinRequest: async (prompt, { signal }) => (signal.aborted ? null : prompt),
  onDisplay: (message: DisplayMessage) => {
    if ('data' in message) console.log(Object.keys(message.data));
    else if ('canvas' in message) console.log(message.canvas.width * message.canvas.height);
    else console.log(message.clear);
  },
  onProgress: (event: LoadProgressEvent) => {
    switch (event.phase) {
      case 'download': phases.push(\`\${event.file} \${event.loaded} of \${event.total ?? '?'}\`); break;
      case 'install': phases.push(event.message); break;
      case 'ready': phases.push(event.initMs.toFixed(0)); break;
      default: phases.push(event.phase);
    }
  },
  useWorker: DEFAULTS.useWorker,
  outputLimit: DEFAULTS.outputLimit * 2,
  packages: ['attrs'],
  indexUrl: DEFAULTS.indexUrl,
  timeZone: 'Europe/Paris',
  cRecursionLimit: 1000,
};
const flavour: Flavour | null = flavourFor(['numpy>=2'], scriptBlock('# /// script\\n# dependencies = []\\n# ///'));
const numpyPackages: readonly string[] = FLAVOURS.numpy;

async function main(): Promise<number> {
  let session: Session;
  try {
    session = await loadPython({ ...options, flavour: flavour ?? undefined });
  } catch (e) {
    if (e instanceof OptionsError || e instanceof LoadError || e instanceof SessionDisposedError) return e.message.length;
    if (e instanceof InstallError) return e.status === 'interrupted' ? 1 : 2;
    if (e instanceof WasipyError) return e.name.length;
    throw e;
  }
  const result: RunResult = await session.run('x = 41\\nx + 1', { stdin: 'hello\\n', display: false });
  const exitCode: number | undefined = result.exitCode;
  const value: string | undefined = result.value;
  if (result.status === 'error') console.log(result.stderr);
  if (result.status === 'crashed' || result.restarted) console.log(result.error ?? result.reason);
  console.log(result.stdout, result.durationMs.toFixed(1), result.truncated, result.valueTruncated, result.displays?.length, exitCode, value);
  const installed = await session.install(['rich>=13'], { deps: true, pre: false, onProgress: (line) => console.log(line) });
  console.log(installed.installed.map((p) => \`\${p.name} \${p.version}\`), installed.already.length, installed.durationMs);
  console.log(session.capabilities?.interrupt, session.capabilities?.mechanism, session.version, session.willRestart, numpyPackages);
  const looping = session.run('while True: pass');
  const interrupted: boolean = session.interrupt({ graceMs: 500 });
  session.canvasEvent({ type: 'button', canvas: 'c1', x: 1, y: 2, press: true });
  session.canvasEvent({ type: 'key', canvas: 'c1', keysym: 'a', char: 'a' });
  const stopped: boolean = session.stop();
  console.log((await looping).status, interrupted, stopped, phases);
  await session.reset();
  session.dispose();
  return 0;
}
main();
`;

// Misuse, one per line; each must be an error (the lines are asserted below).
const MISUSES = [
  `const a: Promise<number> = loadPython();`,
  `loadPython({ outputLimit: '1000' });`,
  `loadPython({ onProgress: (event) => event.loaded });`,
  `loadPython({ flavour: 'scipy' });`,
  `loadPython({ useWorkers: false });`,
  `loadPython().then((s) => s.run(42));`,
  `loadPython().then(async (s) => { const r = await s.run('1'); const n: number = r.stdout; });`,
  `loadPython().then(async (s) => (await s.run('1')).status === 'finished');`,
  `new Session();`,
  `const e: InstallError = new LoadError('x');`,
];
const WRONG = `import { loadPython, Session, LoadError, InstallError } from 'wasipy';\n${MISUSES.join('\n')}\n`;

/** `tsc --noEmit` of `file` in the app, strict, with the given module resolution; its output and exit code. */
function tsc(file, moduleResolution) {
  const module = moduleResolution === 'nodenext' ? 'nodenext' : 'esnext';
  const args = [TSC, '--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', '--module', module, '--moduleResolution', moduleResolution,
    '--skipLibCheck', 'false', '--pretty', 'false', file];
  return spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8' });
}

test('tsc (strict) accepts code that uses the declared API, with bundler and with Node resolution', () => {
  write('uses-api.ts', USES_API);
  write('app-main.ts', APP_MAIN);
  for (const resolution of ['bundler', 'nodenext']) {
    for (const file of ['uses-api.ts', 'app-main.ts']) {
      const result = tsc(file, resolution);
      assert.equal(result.status, 0, `tsc --moduleResolution ${resolution} ${file}:\n${result.stdout}${result.stderr}`);
    }
  }
});

test('the declared options are the library\'s: every key of DEFAULTS, and no other', async () => {
  const { DEFAULTS } = await import(pathToFileURL(join(app, 'node_modules/wasipy/dist/wasipy.js')).href);
  write('options-in-step.ts', `import type { LoadPythonOptions } from 'wasipy';
const runtime = ${JSON.stringify(Object.keys(DEFAULTS))} as const;
type Runtime = (typeof runtime)[number];
type Declared = keyof LoadPythonOptions;
export const undeclared: [Exclude<Runtime, Declared>] extends [never] ? true : Exclude<Runtime, Declared> = true;
export const unknown: [Exclude<Declared, Runtime>] extends [never] ? true : Exclude<Declared, Runtime> = true;
`);
  const result = tsc('options-in-step.ts', 'bundler');
  assert.equal(result.status, 0, `an option of DEFAULTS is not declared in web/lib/index.d.ts, or the other way round (the type says which):\n${result.stdout}`);
});

test('tsc refuses misuse of the API: the declarations are not `any`', () => {
  write('wrong.ts', WRONG);
  const result = tsc('wrong.ts', 'bundler');
  assert.notEqual(result.status, 0);
  // Every line of MISUSES (lines 2…) has its error, and nothing else is one.
  const lines = new Set([...result.stdout.matchAll(/^wrong\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])));
  assert.deepEqual([...lines].sort((a, b) => a - b), MISUSES.map((_, i) => i + 2), result.stdout);
});
