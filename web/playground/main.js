// The playground page: wires the editor, the buttons and the output pane to
// a wasipy session.
import { loadPython, scriptBlock, flavourFor, InstallError } from '../lib/index.js';
import { loadAssets } from '../lib/loader.js';
import { defaultAssetUrls } from '../lib/assets.js';
import { withFlavour } from '../lib/versions.js';
import { TRUNCATED_MARKER } from '../lib/output.js';
import { DEFAULTS } from '../lib/options.js';
import { readHash, createHashSync, copyText } from './share.js';

// A link whose code declares numpy (its `# /// script` block) starts with the
// numpy module; other code gets the plain one, and a Run that declares numpy
// later switches (session.install). Start the downloads before the editor (the
// page's largest script) arrives; loadPython() below joins them and hears their
// progress, and starts Python while the editor still loads.
const firstFlavour = flavourFor([], scriptBlock(readHash().code));
const firstFiles = withFlavour(defaultAssetUrls, firstFlavour);
loadAssets(firstFiles).catch(() => {}); // a failure is reported by loadPython
const editorLoaded = import('../ui/editor.js');
import { EXAMPLES, findExample } from './examples.js';
import { OutputPane } from '../ui/output-pane.js';
import { renderDisplay } from '../ui/rich-output.js';
import { drawCanvas } from '../ui/canvas-output.js';
import { askLine } from '../ui/stdin-field.js';
import { isPyconText, runPycon } from './pycon.js';

const $ = (id) => document.getElementById(id);
const ui = {
  run: $('run'),
  stop: $('stop'),
  reset: $('reset'),
  examples: $('examples'),
  share: $('share'),
  stdin: $('stdin'),
  status: $('status'),
  shortcut: $('run-shortcut'),
};

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
if (isMac) {
  ui.shortcut.textContent = '⌘ ↵';
  ui.run.title = 'Run (⌘+Enter)';
}

const output = new OutputPane($('output'), { maxLines: 5000 });
// ?index=URL: the package index of PEP 723 `dependencies` (default: PyPI's simple index).
const indexUrl = new URLSearchParams(location.search).get('index') || undefined;
// A link can name any index: when it is not PyPI's, the page says where packages come from.
const customIndex = otherIndex(indexUrl);
if (customIndex) {
  const notice = $('index-notice');
  const url = document.createElement('code');
  url.textContent = customIndex;
  notice.append('Packages on this page come from ', url, ', the package index this link names (?index=), not from PyPI. Install only from an index you trust.');
  notice.hidden = false;
}

/** The absolute URL of `url` when it is not the default index (PyPI's), else null. */
function otherIndex(url) {
  if (!url) return null;
  let absolute;
  try {
    absolute = new URL(url, location.href).href;
  } catch {
    return url; // loadPython says what is wrong with it; the notice still shows it
  }
  return absolute === DEFAULTS.indexUrl ? null : absolute;
}
let session = null;
let version = '';
let inFlight = 0; // runs clicked and not finished (the current one and those queued)
let queue = Promise.resolve(); // the page's own queue: each run clears the pane when it starts
let sawTruncation = false;

// ---- status line ----------------------------------------------------------

function setStatus(text, state) {
  ui.status.textContent = text;
  ui.status.dataset.state = state;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

function formatMs(ms) {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

// ---- start ----------------------------------------------------------------

// Python starts now, while the editor's script loads: the worker is made and
// gets the module as soon as it has compiled. The page says it is ready once
// the editor is there too (start() waits for it).
const downloaded = new Map(); // file -> {loaded, total}
let statusFrame = 0;
let editorCreated;
const editorReady = new Promise((resolve) => {
  editorCreated = resolve;
});
start();

// ---- editor, examples, URL hash --------------------------------------------

const { createEditor } = await editorLoaded;

const fromHash = readHash();
const hello = findExample('hello');
const editor = createEditor($('editor'), {
  doc: fromHash.code ?? hello.code,
  onRun: () => run(),
  onChange: () => hashSync.schedule(),
});
if (fromHash.stdin !== undefined) ui.stdin.value = fromHash.stdin;

const hashSync = createHashSync(() => ({ code: editor.getCode(), stdin: ui.stdin.value }));
let lastHash = location.hash;
ui.stdin.addEventListener('input', () => hashSync.schedule());

// A different link pasted into this tab's address bar.
addEventListener('hashchange', () => {
  if (location.hash === lastHash) return;
  lastHash = location.hash;
  const next = readHash();
  if (next.code !== undefined && next.code !== editor.getCode()) editor.setCode(next.code);
  if (next.stdin !== undefined) ui.stdin.value = next.stdin;
});

for (const example of EXAMPLES) {
  ui.examples.append(new Option(example.label, example.id));
}
ui.examples.addEventListener('change', () => {
  const example = findExample(ui.examples.value);
  if (!example) return;
  editor.setCode(example.code);
  if (example.stdin !== undefined) ui.stdin.value = example.stdin;
  hashSync.schedule();
  ui.examples.value = '';
  editor.focus();
});

ui.share.addEventListener('click', async () => {
  const link = hashSync.flush();
  lastHash = location.hash;
  const ok = await copyText(link);
  const label = ui.share.textContent;
  ui.share.textContent = ok ? 'Link copied' : 'Copy failed';
  if (!ok) window.prompt('Copy this link:', link);
  setTimeout(() => { ui.share.textContent = label; }, 1500);
});

// ---- runs -----------------------------------------------------------------

/** A piece of output as Python wrote it; the library's cut marker becomes a notice. */
function onOutput(kind, text) {
  const cut = text.indexOf(TRUNCATED_MARKER);
  if (cut < 0) {
    output.write(kind, text);
    return;
  }
  output.write(kind, text.slice(0, cut));
  sawTruncation = true;
  output.notice('[output truncated: this run printed more than the output limit]');
  output.write(kind, text.slice(cut + TRUNCATED_MARKER.length));
}

function setRunning(running) {
  document.body.dataset.running = String(running);
  ui.stop.disabled = !running;
}

function describe(result) {
  const parts = [`Python ${version}`, `ran in ${formatMs(result.durationMs ?? 0)}`, result.status];
  return parts.join(' · ');
}

/**
 * Shows what the output alone does not say: restarts, exits, crashes, stops,
 * truncation. `switched`: the run's install moved the session to another
 * module, and its progress line said that Python restarts.
 */
function showNotices(result, switched) {
  output.flush();
  if (result.restarted && !switched) {
    output.noticeFirst('↻ Python was restarted: variables from earlier runs are gone.');
  }
  switch (result.status) {
    case 'exit':
      output.notice(`Exited with code ${result.exitCode}.`);
      break;
    case 'crashed':
      output.notice(`Python crashed: ${result.error ?? 'unknown error'}. The next run starts a fresh interpreter.`);
      break;
    case 'stopped':
      output.notice(`■ Stopped after ${formatMs(result.durationMs ?? 0)}${result.reason ? ` (${result.reason})` : ''}. The next run starts a fresh interpreter.`);
      break;
  }
  if (result.truncated && !sawTruncation) output.notice('[output truncated: this run printed more than the output limit]');
  output.flush();
}

function showRunning() {
  setStatus(inFlight > 1 ? `Running… (${inFlight - 1} more queued)` : 'Running…', 'running');
}

/** Queues a run of the editor's code with the Input box as stdin. */
function run() {
  if (!session) return;
  const code = editor.getCode();
  const stdin = ui.stdin.value;
  inFlight += 1;
  setRunning(true);
  if (ui.status.dataset.state === 'running') showRunning();
  queue = queue.then(async () => {
    output.clear();
    sawTruncation = false;
    showRunning();
    let result;
    const flavour = session.flavour;
    try {
      // A `# /// script` block's dependencies are installed first (once: the session keeps them).
      result = await installScriptDependencies(code);
      // A pasted `>>>` session runs example by example, checked as doctest does.
      result ??= isPyconText(code) ? await runPycon(session, code, output, { stdin }) : await session.run(code, { stdin });
    } catch (e) {
      result = { status: 'crashed', error: String(e?.message ?? e), durationMs: 0 };
    }
    showNotices(result, session.flavour !== flavour);
    setStatus(describe(result), result.status);
  }).finally(() => {
    inFlight -= 1;
    if (inFlight === 0) setRunning(false);
  });
}

/** PEP 723: installs what the code's `# /// script` block declares; null, or the result of a failed install. */
async function installScriptDependencies(code) {
  if (!scriptBlock(code)) return null;
  setStatus('Installing the script\'s dependencies…', 'running');
  const started = performance.now();
  if (customIndex) output.notice(`Installing from ${customIndex} (this link's ?index=, not PyPI)`);
  try {
    const { installed } = await session.install([], { script: code, onProgress: (message) => output.notice(message) });
    if (installed.length) output.flush();
    showRunning();
    return null;
  } catch (e) {
    if (!(e instanceof InstallError)) throw e;
    const stopped = e.status === 'stopped';
    if (e.status === 'interrupted') output.notice(e.message); // Stop: the session and its variables are kept
    else if (!stopped) output.line('stderr', e.message);
    return { status: stopped ? 'stopped' : 'error', durationMs: performance.now() - started };
  }
}

ui.run.addEventListener('click', () => run());

// Stop raises KeyboardInterrupt where the browser allows it (the session keeps
// its variables); elsewhere, or if the code does not come back, it restarts Python.
ui.stop.addEventListener('click', () => {
  session?.interrupt();
});

ui.reset.addEventListener('click', () => {
  if (!session) return;
  queue = queue.then(async () => {
    try {
      await session.reset();
      output.flush();
      output.notice('Namespace reset: variables, functions and imports of earlier runs are gone.');
      setStatus(`Python ${version} · namespace reset`, 'ready');
    } catch (e) {
      output.notice(`Reset failed: ${e?.message ?? e}`);
    }
  });
});

// Ctrl/Cmd+Enter from anywhere on the page (the editor handles it itself).
document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  run();
});

// ---- progress ---------------------------------------------------------------

function onProgress(event) {
  if (event.phase === 'download') {
    downloaded.set(event.file, { loaded: event.loaded, total: event.total });
    if (statusFrame) return; // one status update per frame is plenty
    statusFrame = requestAnimationFrame(() => {
      statusFrame = 0;
      if (session || ui.status.dataset.state !== 'loading') return;
      let loaded = 0;
      let total = 0;
      let known = true;
      for (const f of downloaded.values()) {
        loaded += f.loaded;
        if (f.total === undefined) known = false;
        else total += f.total;
      }
      setStatus(`Loading Python… ${mb(loaded)}${known && downloaded.size >= 2 ? ` of ${mb(total)}` : ''}`, 'loading');
    });
  } else if (event.phase === 'init') {
    if (statusFrame) cancelAnimationFrame(statusFrame);
    statusFrame = 0;
    setStatus('Starting Python…', 'init');
  }
}

async function start() {
  try {
    session = await loadPython({
      flavour: firstFlavour ?? undefined,
      indexUrl,
      onOutput,
      // display() and rich values: tables and pictures in the pane, in order with the text.
      // A drawing (turtle) takes its place once, then changes there.
      onDisplay: (message) => {
        if (message.clear) output.clear();
        else if (message.canvas) {
          const box = drawCanvas(message.canvas, (event) => session?.canvasEvent(event));
          if (box) output.display(box);
        } else output.display(renderDisplay(message.data));
      },
      // input() with nothing left in the Input box: a field in the output pane, like a terminal.
      onStdinRequest: (prompt, { signal }) => askLine(output, { signal }),
      onProgress,
    });
  } catch (e) {
    session = null;
    const message = String(e?.message ?? e);
    setStatus('Python could not be loaded', 'crashed');
    output.line('stderr', message);
    output.notice('Reload the page to try again.');
    document.body.dataset.ready = 'false';
    document.body.dataset.error = message;
    return;
  }
  await editorReady;
  version = session.version ?? '3';
  setStatus(`Python ${version} ready`, 'ready');
  ui.run.disabled = false;
  ui.reset.disabled = false;
  window.wasipy = { session };
  document.body.dataset.ready = 'true';
  if (session.capabilities?.missing) output.notice(session.capabilities.missing);
}

// Everything above is wired: the page may say it is ready (start()).
editorCreated();
