// Styles of <python-pycon> and <python-check-all>, on top of styles.js (whose
// custom properties they use). --wasipy-ok themes the ✓ colour; parts:
// examples, example (with match | mismatch | error | skipped | unreported | ran), got, diff, problem.
export const pyconStyles = `
:host { --_ok: var(--wasipy-ok, #1a7f37); }
@media (prefers-color-scheme: dark) { :host { --_ok: var(--wasipy-ok, #3fb950); } }
.examples {
  list-style: none; margin: 0; padding: .35em 0; border-top: 1px solid var(--_border);
  font-family: var(--_mono); font-size: .85em; line-height: 1.45; max-height: 36em; overflow-y: auto;
}
.examples:empty { display: none; }
.example { display: grid; grid-template-columns: 1.8em minmax(0, 1fr); padding: .2em 1em .2em .3em; }
.example + .example { border-top: 1px dashed color-mix(in srgb, var(--_border) 70%, transparent); }
.mark { font-weight: 700; text-align: center; font-family: system-ui, sans-serif; }
.match .mark { color: var(--_ok); }
.mismatch .mark, .error .mark { color: var(--_stderr); }
.skipped .mark, .unreported .mark { color: var(--_notice); }
.body pre { margin: 0; font: inherit; white-space: pre-wrap; overflow-wrap: anywhere; }
.body .display { margin: .3em 0; white-space: normal; }
.body .display.text { white-space: pre-wrap; }
.body .display img, .body .display svg { max-width: 100%; height: auto; display: block; }
.body .display iframe { width: 100%; border: 0; display: block; background: #fff; }
.prompt { color: var(--_notice); user-select: none; }
.note { color: var(--_notice); font-style: italic; }
.diff {
  margin: .3em 0 .2em !important; padding: .35em .7em; border-left: 3px solid var(--_stderr); border-radius: 2px;
  background: color-mix(in srgb, var(--_stderr) 8%, transparent);
}
.diff-head { font-weight: 600; color: var(--_stderr); }
.problem { padding: .6em 1em; border-top: 1px solid var(--_border); color: var(--_stderr); font-size: .9em; }
.problem[hidden] { display: none; }
.problem code { font-family: var(--_mono); font-size: .95em; white-space: pre; }
.problem .detail { margin-top: .3em; color: var(--_notice); font-family: var(--_mono); font-size: .9em; overflow-wrap: anywhere; }
`;

/** The page-level control (<python-check-all>). */
export const checkAllStyles = `
.bar { display: flex; flex-wrap: wrap; gap: .4em .8em; align-items: center; padding: .5em .7em; border: 1px solid var(--_border); border-radius: var(--_radius); font-size: .9em; }
.summary { font-variant-numeric: tabular-nums; }
.summary.all-match { color: var(--_ok); font-weight: 600; }
.summary.some-differ { color: var(--_stderr); font-weight: 600; }
button.first[hidden] { display: none; }
`;
