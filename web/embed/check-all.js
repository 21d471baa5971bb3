// <python-check-all>: "Run all examples on this page". Runs every <python-pycon>
// block in page order (each in its own session, so shared sessions see their
// earlier blocks first) and says how many examples match their expected output.
// Placed by embed.js when the script tag has `data-check-all`, or by the page.
// Fires `wasipy-check-all` (detail: the totals below) when done.
import { styles } from './styles.js';
import { checkAllStyles } from './pycon-styles.js';

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export class CheckAll extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${styles}${checkAllStyles}</style>
      <div class="bar" part="frame">
        <button type="button" class="run" part="run">Run all examples on this page</button>
        <span class="summary" part="summary" role="status"></span>
        <button type="button" class="first" part="first" hidden>Show the first difference</button>
      </div>`;
    this.$ = (sel) => root.querySelector(sel);
    this.$('.run').addEventListener('click', () => this.runAll());
    this.$('.first').addEventListener('click', () => this.firstDifference?.scrollIntoView({ behavior: 'smooth', block: 'center' }));
  }

  async runAll() {
    const button = this.$('.run');
    if (button.disabled) return null;
    button.disabled = true;
    this.$('.first').hidden = true;
    this.firstDifference = null;
    const blocks = [...document.querySelectorAll('python-pycon')];
    const totals = { blocks: blocks.length, examples: 0, matched: 0, mismatched: 0, skipped: 0, unchecked: 0, unreadable: 0, failed: 0 };
    try {
      for (const [i, block] of blocks.entries()) {
        this.setSummary(`Running block ${i + 1} of ${blocks.length}…`);
        let status;
        let report;
        try {
          ({ status, report } = await block.run());
        } catch {
          // A block that could not even show its result (it says why under it): not finished, and the others still run.
          status = 'error';
          report = null;
        }
        if (status === 'unavailable') {
          this.setSummary('Python could not be loaded: see the message under the block, then try again.', 'some-differ');
          return null;
        }
        const differs = this.count(totals, status, report);
        if (differs && !this.firstDifference) this.firstDifference = block;
      }
    } finally {
      button.disabled = false;
    }
    this.setSummary(this.describe(totals), totals.mismatched || totals.unreadable || totals.failed ? 'some-differ' : 'all-match');
    this.$('.first').hidden = !this.firstDifference;
    this.dispatchEvent(new CustomEvent('wasipy-check-all', { detail: totals, bubbles: true }));
    return totals;
  }

  /** Adds one block's outcome; true when the block has something to look at. */
  count(totals, status, report) {
    if (status !== 'ok' || !report) {
      totals.failed += 1;
      return true;
    }
    if (report.error) {
      totals.unreadable += 1;
      return true;
    }
    if (!report.checked) {
      totals.unchecked += 1;
      return false;
    }
    const { matched, mismatched, skipped } = report.counts;
    totals.examples += matched + mismatched;
    totals.matched += matched;
    totals.mismatched += mismatched;
    totals.skipped += skipped;
    return mismatched > 0;
  }

  describe(t) {
    const parts = [];
    if (t.examples === 0) parts.push('No example on this page shows expected output.');
    else if (t.mismatched === 0) parts.push(`✓ ${t.examples === 1 ? 'The example matches' : `All ${t.examples} examples match`} their expected output.`);
    else parts.push(`✗ ${t.matched} of ${t.examples} examples match their expected output; ${t.mismatched} ${t.mismatched === 1 ? 'does' : 'do'} not.`);
    if (t.skipped) parts.push(`${plural(t.skipped, 'example')} skipped.`);
    if (t.unchecked) parts.push(`${plural(t.unchecked, 'block')} without expected output ran.`);
    if (t.unreadable) parts.push(`${plural(t.unreadable, 'block')} could not be read.`);
    if (t.failed) parts.push(`${plural(t.failed, 'block')} did not finish.`);
    return parts.join(' ');
  }

  setSummary(text, state = '') {
    const summary = this.$('.summary');
    summary.textContent = text;
    summary.className = `summary ${state}`.trim();
  }
}
