// The playground's first downloads, started from index.html's head (vite.config.js
// inlines this function there), before the page's scripts have loaded: the
// browser then fetches the module ~80 ms earlier on a cold start, and
// loader.js's fetches of the same URLs take the preloaded responses.
//
// Only the plain module's files, and only when the link's code cannot be asking
// for another module: main.js chooses the numpy module when the code's PEP 723
// block names numpy (flavours.js), which needs the word. So this asks a wider
// question than flavourFor (does the code, raw or base64url-decoded, contain the
// name of a package built into a flavour at all?): a link that names one only
// loses the head start, and never downloads a module it will not use.
// By hand, not share.js's decodeText: this runs as an inline script, before
// any module can be imported.

/**
 * @param {string[]} files  URLs relative to the page (the plain module's, with their ?v=)
 * @param {string[]} names  packages built into a flavour, lower case (flavours.js FLAVOURS)
 * @param {{location: {hash: string}, document: Document}} [page]
 * @returns {string[]} the URLs it preloads
 */
export function earlyDownloads(files, names, page = globalThis) {
  const code = new URLSearchParams(page.location.hash.replace(/^#/, '')).get('code') ?? '';
  const texts = [code];
  try {
    const bytes = Uint8Array.from(atob(code.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    texts.push(new TextDecoder().decode(bytes));
  } catch {
    // not base64: the raw text is the code (a link written by hand)
  }
  // PEP 503 names: any case, with -, _ or . between the parts.
  const bare = (text) => text.toLowerCase().replace(/[-_.]+/g, '');
  if (texts.some((text) => names.some((name) => bare(text).includes(bare(name))))) return [];
  for (const href of files) {
    const link = page.document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous'; // as fetch() asks for it: otherwise the preload goes unused
    link.href = href;
    page.document.head.append(link);
  }
  return files;
}
