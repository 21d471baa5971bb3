// The snippet's shadow styles. Colours and fonts come from the page (inherit)
// unless themed with --wasipy-* custom properties; parts are styleable with
// python-snippet::part(run | stop | code | output | toolbar | status).
import { paletteDeclarations } from '../ui/ansi-palette.js';

export const styles = `
:host {
  display: block;
  margin: 1em 0;
  font: inherit;
  color: inherit;
  --_border: var(--wasipy-border, color-mix(in srgb, currentColor 22%, transparent));
  --_bg: var(--wasipy-code-bg, color-mix(in srgb, currentColor 5%, transparent));
  --_accent: var(--wasipy-accent, #2563eb);
  --_on-accent: var(--wasipy-on-accent, #fff);
  --_stderr: var(--wasipy-stderr, #b42318);
  --_notice: var(--wasipy-notice, color-mix(in srgb, currentColor 60%, transparent));
  --_mono: var(--wasipy-font-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace);
  --_radius: var(--wasipy-radius, 6px);
  ${paletteDeclarations('light')}
}
@media (prefers-color-scheme: dark) {
  :host { --_accent: var(--wasipy-accent, #60a5fa); --_on-accent: var(--wasipy-on-accent, #0b1220); --_stderr: var(--wasipy-stderr, #ff8a80); }
  :host { ${paletteDeclarations('dark')} }
}
.frame { border: 1px solid var(--_border); border-radius: var(--_radius); overflow: hidden; }
pre.code, ::slotted(pre) { margin: 0 !important; }
pre.code { padding: .75em 1em; background: var(--_bg); font-family: var(--_mono); font-size: .9em; line-height: 1.5; overflow-x: auto; white-space: pre; }
.editor { background: var(--_bg); font-size: .9em; }
/* The playground's editor (web/ui/editor.js) reads these. */
.editor {
  --fg: currentColor; --editor-bg: var(--_bg); --muted: var(--_notice); --border: var(--_border);
  --mono: var(--_mono); --surface: Canvas; --accent: var(--_accent); --on-accent: var(--_on-accent);
  --selection: color-mix(in srgb, var(--_accent) 25%, transparent); --selection-match: color-mix(in srgb, var(--_accent) 15%, transparent);
  --search-match: color-mix(in srgb, #f59e0b 35%, transparent); --active-line: color-mix(in srgb, currentColor 4%, transparent);
  --bracket: color-mix(in srgb, var(--_accent) 25%, transparent);
  --tok-keyword: #8839ef; --tok-string: #40a02b; --tok-escape: #ea76cb; --tok-number: #fe640b; --tok-comment: #7c7f93;
  --tok-function: #1e66f5; --tok-class: #df8e1d; --tok-self: #d20f39; --tok-property: #179299; --tok-meta: #7c7f93;
  --tok-operator: #04a5e5; --tok-invalid: #d20f39;
}
@media (prefers-color-scheme: dark) {
  .editor {
    --tok-keyword: #cba6f7; --tok-string: #a6e3a1; --tok-escape: #f5c2e7; --tok-number: #fab387; --tok-comment: #9399b2;
    --tok-function: #89b4fa; --tok-class: #f9e2af; --tok-self: #f38ba8; --tok-property: #94e2d5; --tok-meta: #9399b2;
    --tok-operator: #89dceb; --tok-invalid: #f38ba8;
  }
}
.toolbar { display: flex; gap: .5em; align-items: center; padding: .4em .6em; border-top: 1px solid var(--_border); font-size: .85em; }
button { font: inherit; cursor: pointer; border-radius: calc(var(--_radius) - 2px); padding: .25em .9em; border: 1px solid var(--_border); background: transparent; color: inherit; }
button.run { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600; }
button:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
button[hidden] { display: none; }
.status { margin-left: auto; color: var(--_notice); font-variant-numeric: tabular-nums; }
.output { margin: 0; padding: .6em 1em; border-top: 1px solid var(--_border); font-family: var(--_mono); font-size: .85em; line-height: 1.25; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 24em; overflow-y: auto; }
.output:empty { display: none; }
.output .display { display: block; margin: .3em 0; white-space: normal; }
.output .display.text { white-space: pre-wrap; }
.output .display img { max-width: 100%; height: auto; display: block; }
.output .display svg { max-width: 100%; height: auto; display: block; }
.output .display.canvas svg { border: 1px solid var(--_border); border-radius: var(--_radius); }
.output .display iframe { width: 100%; border: 0; display: block; background: #fff; }
.stderr { color: var(--_stderr); }
/* The colours an inverse run (SGR 7) swaps when it sets none: the page's own are unknown here. */
.output { --ansi-fg: CanvasText; --ansi-bg: Canvas; }
.output .stderr { --ansi-fg: var(--_stderr); }
.output a.ansi-link { color: inherit; text-decoration: underline dotted; }
.stdin { color: var(--_accent); font-weight: 600; }
.stdin-field { display: inline-flex; gap: .4em; align-items: baseline; }
.stdin-input { font: inherit; color: var(--_accent); font-weight: 600; background: transparent; border: none; border-bottom: 1px dashed var(--_accent); padding: 0 2px; min-width: 16ch; outline: none; }
.stdin-input:focus { border-bottom-style: solid; }
.stdin-eof { font-size: .8em; padding: 0 .5em; color: var(--_notice); }
.notice { color: var(--_notice); font-style: italic; }
`;
