// The 16 terminal colours of the output panes, for a light and a dark page:
// GitHub's terminal themes (github/vscode-theme "GitHub Light Default" and
// "GitHub Dark Default"), made for text on white and on near-black. Three are
// changed so that each has a contrast of at least 3:1 on the pane's background
// (web/test/node/ansi.test.mjs checks): light bright magenta and bright white are
// darker, dark black is lighter (#484f58 on a dark pane is hard to read).
// Indexes: 0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan,
// 7 white, then the bright ones in the same order.

export const ANSI_PALETTE = Object.freeze({
  light: Object.freeze([
    '#24292f', '#cf222e', '#116329', '#4d2d00', '#0969da', '#8250df', '#1b7c83', '#6e7781',
    '#57606a', '#a40e26', '#1a7f37', '#633c01', '#218bff', '#9a6af0', '#3192aa', '#7d848e',
  ]),
  dark: Object.freeze([
    '#656c76', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4',
    '#6e7681', '#ffa198', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#ffffff',
  ]),
});

/** The palette as CSS custom properties `--ansi-0: …; …` (what styleToCss in ansi.js refers to). */
export function paletteDeclarations(theme) {
  return ANSI_PALETTE[theme].map((colour, i) => `--ansi-${i}: ${colour};`).join(' ');
}
