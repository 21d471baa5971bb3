// `>>>` blocks (interactive-session examples, "pycon"): recognising them, and
// running them through a session with the doctest-based checker that ships in
// the stdlib zip as `_wasipy_pycon` (crate/pycon.py, whose docstring describes
// the result's fields).

/** True when the first non-blank line of `text` is a `>>>` prompt. */
export function isPyconText(text) {
  const first = text.split('\n').find((line) => line.trim() !== '');
  return first !== undefined && /^[ \t]*>>>( |$)/.test(first);
}

/**
 * The Python code that checks `text`. JSON string literals are valid Python
 * string literals (escapes included), so the block travels unchanged.
 * @param {string} text  the block as the reader sees it, prompts included
 * @param {{optionflags?: string}} [o]  doctest option names for every example, e.g. "ELLIPSIS NORMALIZE_WHITESPACE"
 */
export function pyconCode(text, { optionflags = '' } = {}) {
  return `import _wasipy_pycon\n_wasipy_pycon.check(${JSON.stringify(text)}, ${JSON.stringify(optionflags)})`;
}

/**
 * The checker's report from the result of running pyconCode(): the value is
 * the repr of a base64 string of ASCII JSON. Null when the run did not end
 * with a value (an error, a stop, a crash: the run's own result says which).
 */
export function readPyconReport(result) {
  if (result.status !== 'ok' || typeof result.value !== 'string') return null;
  const b64 = result.value.slice(1, -1);
  if (!/^[A-Za-z0-9+/=]*$/.test(b64)) {
    throw new Error(`unexpected reply from the >>> checker: ${result.value.slice(0, 80)}`);
  }
  let report;
  try {
    report = JSON.parse(atob(b64));
  } catch {
    report = undefined;
  }
  const problem = reportProblem(report);
  if (problem) {
    // Code that ran earlier in the session can replace _wasipy_pycon.check: its answer is not trusted to have any shape.
    throw new Error(`unexpected reply from the >>> checker (${problem}); code in this session may have replaced _wasipy_pycon.check`);
  }
  return report;
}

/** What is wrong with the shape of a checker's report, or null (crate/pycon.py's docstring has the fields). */
function reportProblem(report) {
  if (report === null || typeof report !== 'object' || Array.isArray(report)) return 'not a JSON object';
  if (report.error) {
    return typeof report.error === 'object' && typeof report.error.message === 'string' ? null : 'an error without a message';
  }
  if (typeof report.checked !== 'boolean') return 'no "checked"';
  if (!Array.isArray(report.examples) || !report.examples.every((e) => e && typeof e === 'object' && typeof e.source === 'string' && typeof e.outcome === 'string')) {
    return 'no list of examples';
  }
  const counts = report.counts;
  if (!counts || !['examples', 'matched', 'mismatched', 'skipped'].every((k) => Number.isInteger(counts[k]))) return 'no counts';
  return null;
}

/**
 * Runs the examples of a `>>>` block in `session` (a Session of loadPython())
 * and checks them as doctest does.
 * @returns {Promise<object>} the run's result with `report`: the checker's
 *   {name, checked, error, examples, counts}, or null if the run failed
 */
export async function checkExamples(session, text, { optionflags = '', stdin = '' } = {}) {
  // display: false, or the report itself would be printed like a REPL value.
  const result = await session.run(pyconCode(text, { optionflags }), { stdin, display: false });
  return { ...result, report: readPyconReport(result) };
}
