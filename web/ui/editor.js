// The CodeMirror 6 editor: Python highlighting, line numbers, 4-space
// indentation with Tab, Ctrl/Cmd+Enter to run, and colours taken from the
// page's CSS variables so that it follows the light/dark scheme.
import { EditorView, basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { EditorState, Compartment, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { indentUnit, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword, t.modifier], color: 'var(--tok-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--tok-string)' },
  { tag: t.escape, color: 'var(--tok-escape)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--tok-number)' },
  { tag: t.comment, color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.function(t.definition(t.variableName))], color: 'var(--tok-function)' },
  { tag: [t.definition(t.className), t.className, t.typeName], color: 'var(--tok-class)' },
  { tag: [t.self, t.special(t.variableName)], color: 'var(--tok-self)' },
  { tag: t.propertyName, color: 'var(--tok-property)' },
  { tag: t.meta, color: 'var(--tok-meta)' },
  { tag: [t.operator, t.operatorKeyword], color: 'var(--tok-operator)' },
  { tag: t.invalid, color: 'var(--tok-invalid)' },
]);

const selection = { backgroundColor: 'var(--selection)' };

/** The editor's chrome; `dark` only tells CodeMirror which base styles to use. */
function chrome(dark) {
  return EditorView.theme({
    '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--editor-bg)', fontSize: '14px' },
    '&.cm-focused': { outline: 'none' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
    '.cm-content': { caretColor: 'var(--fg)', padding: '8px 0' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)', borderLeftWidth: '2px' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': selection,
    '.cm-selectionBackground, .cm-content ::selection': selection,
    '.cm-gutters': { backgroundColor: 'var(--editor-bg)', color: 'var(--muted)', border: 'none', borderRight: '1px solid var(--border)' },
    '.cm-lineNumbers .cm-gutterElement': { padding: '0 8px 0 12px' },
    '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
    '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--fg)' },
    '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--bracket)', outline: 'none' },
    '.cm-selectionMatch': { backgroundColor: 'var(--selection-match)' },
    '.cm-searchMatch': { backgroundColor: 'var(--search-match)' },
    '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--border)' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--on-accent)' },
    '.cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--fg)' },
    '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
    '.cm-foldPlaceholder': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--muted)' },
  }, { dark });
}

/**
 * @param {HTMLElement} parent
 * @param {object} o
 * @param {string} o.doc  the initial code
 * @param {() => void} o.onRun  Ctrl/Cmd+Enter
 * @param {() => void} o.onChange  after each edit
 * @param {string} [o.label]  accessible name of the editor
 */
export function createEditor(parent, { doc, onRun, onChange, label = 'Python code', root }) {
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const theme = new Compartment();
  const view = new EditorView({
    parent,
    // In a shadow root (the embed's <python-snippet>), CodeMirror must put its styles there.
    root,
    state: EditorState.create({
      doc,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { onRun(); return true; } }])),
        basicSetup,
        keymap.of([indentWithTab]),
        python(),
        indentUnit.of('    '),
        EditorState.tabSize.of(4),
        syntaxHighlighting(highlight),
        theme.of(chrome(scheme.matches)),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange(); }),
      ],
    }),
  });
  scheme.addEventListener('change', () => view.dispatch({ effects: theme.reconfigure(chrome(scheme.matches)) }));

  return {
    view,
    getCode: () => view.state.doc.toString(),
    /** Replaces the whole document (one undoable step) and puts the cursor at its end. */
    setCode(code) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: code },
        selection: { anchor: code.length },
        scrollIntoView: true,
      });
    },
    focus: () => view.focus(),
  };
}
