// A `>>>` session pasted into the playground: run like the REPL and checked as
// doctest does (web/lib/pycon.js), each example's prompt, output and verdict
// written to the output pane.
import { isPyconText, checkExamples } from '../lib/pycon.js';

export { isPyconText };

const lines = (text) => text.replace(/\n$/, '').split('\n');

/**
 * Runs `code` (a `>>>` session) in `session` and writes the examples to `output`
 * (the page's OutputPane). Resolves to the run's result, as session.run() does.
 */
export async function runPycon(session, code, output, { stdin = '' } = {}) {
  const result = await checkExamples(session, code, { stdin });
  const { report } = result;
  if (!report) return result; // an error, a stop, a crash: the page's notices say which
  if (report.error) {
    output.line('stderr', `This >>> session could not be read, so nothing was run. ${report.error.message}`);
    return result;
  }
  for (const example of report.examples) {
    lines(example.source).forEach((line, i) => output.line('stdout', `${i ? '...' : '>>>'} ${line}`));
    if (example.outcome === 'skipped') {
      output.notice('skipped (+SKIP)');
      continue;
    }
    if (example.got) for (const line of lines(example.got)) output.line('stdout', line);
    for (const text of [example.stderr, example.exception]) {
      if (text) for (const line of lines(text)) output.line('stderr', line);
    }
    if (!report.checked) continue;
    if (example.outcome === 'match') {
      output.notice('✓ matches the expected output');
    } else if (example.diff) {
      output.line('stderr', '✗ does not match the expected output:');
      for (const line of lines(example.diff)) output.line('stderr', `  ${line}`);
    }
  }
  const { matched, mismatched, skipped } = report.counts;
  if (report.checked) {
    output.notice(`${matched} of ${matched + mismatched} examples match their expected output${skipped ? `, ${skipped} skipped` : ''}.`);
  }
  return result;
}
