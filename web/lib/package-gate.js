// What an install may download, decided by the page, not by Python. Python
// (crate/packages) says which URLs it needs, but code in the session can
// replace the installer or write to /.wasipy/fetch itself, so each URL is
// checked here against what the installer is entitled to ask for:
//
//   - a project page of the index in use (`<index>/<name>/`);
//   - a file an index page fetched by this gate named (a wheel, or its PEP 658
//     `.metadata` when the page offered one), with the sha256 the page gave;
//   - a wheel URL the page itself gave (session.install(['https://…/x.whl']));
//   - a file of a plan the page vouches for (a plan it checked and kept).
//
// Everything else is refused, with the reason, and never fetched. The index
// pages the gate saw are also what a resolved plan is checked against before
// it is kept (package-install.js): a plan names only files the index named.
// Python parses the same pages (crate/packages/_wasipy_packages/index.py);
// this reads them again, independently, in the same way.

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
/** What an index page is asked for with (Python's ACCEPT). */
const INDEX_ACCEPT = `${JSON_TYPE}, text/html;q=0.1`;

/** `url` absolute and without its #fragment, as the WHATWG URL parser writes it; null if it does not parse. */
export function normalUrl(url, base) {
  try {
    const u = new URL(url, base);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** PEP 503: lowercase, runs of -, _ and . as one -. */
export function canonicalName(name) {
  return String(name).toLowerCase().replace(/[-_.]+/g, '-');
}

/** The project page of `name` on the index at `indexUrl`, as Python's project_url() makes it. */
export function projectPageUrl(indexUrl, name) {
  return normalUrl(`${String(indexUrl).replace(/\/+$/, '')}/${name}/`);
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** An HTML attribute value with its character references decoded (the common ones; html.unescape knows more). */
function unescapeHtml(text) {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);?/g, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * The <a> and <base> tags of an HTML page, with their attributes and (for <a>)
 * their text: a small tokenizer (workers have no DOMParser) that skips
 * comments and reads quoted and unquoted attribute values as browsers do.
 * @returns {Array<{tag: 'a' | 'base', attrs: Map<string, string>, text: string}>}
 */
export function htmlLinks(html) {
  const tags = [];
  let open = null; // the <a> whose text is being read
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (open) open.text += html.slice(i, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(lt, lt + 64));
    if (!m) {
      if (open) open.text += '<';
      i = lt + 1;
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    // Attributes up to the first '>' outside quotes.
    let j = lt + m[0].length;
    const attrs = new Map();
    while (j < html.length && html[j] !== '>') {
      const a = /^[\s/]*([^\s"'>/=]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]*)))?/.exec(html.slice(j, j + 65536));
      if (!a || a[0].length === 0) {
        j += 1;
        continue;
      }
      const key = a[1].toLowerCase();
      if (!attrs.has(key)) attrs.set(key, a[2] === undefined ? '' : unescapeHtml(a[3] ?? a[4] ?? a[5] ?? ''));
      j += a[0].length;
    }
    i = j + 1;
    if (closing) {
      if (name === 'a' && open) {
        open.text = unescapeHtml(open.text);
        tags.push(open);
        open = null;
      }
    } else if (name === 'a') {
      if (open) tags.push(open); // an <a> inside an <a>: the first ends here
      open = { tag: 'a', attrs, text: '' };
    } else if (name === 'base') {
      tags.push({ tag: 'base', attrs, text: '' });
    }
  }
  if (open) tags.push(open);
  return tags;
}

/** `sha256=<hex>` (a fragment, a PEP 658 attribute) -> the hex, else null. */
function sha256Of(value) {
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(value ?? '');
  return m ? m[1].toLowerCase() : null;
}

/**
 * The files an index page lists, read as Python reads it: PEP 691 JSON by its
 * content type (or a JSON body with none), else PEP 503 HTML.
 * @returns {Array<{url: string, sha256: string | null, metadata: {sha256: string | null} | null}>}
 */
export function parseIndexPage(pageUrl, bytes, contentType) {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = new TextDecoder().decode(bytes);
  const files = [];
  if (type === JSON_TYPE || (['', 'application/json'].includes(type) && text.trimStart().startsWith('{'))) {
    let page;
    try {
      page = JSON.parse(text);
    } catch {
      return files;
    }
    for (const f of Array.isArray(page?.files) ? page.files : []) {
      const url = typeof f?.url === 'string' ? normalUrl(f.url, pageUrl) : null;
      if (!url) continue;
      const meta = f['core-metadata'] ?? f['data-dist-info-metadata'];
      files.push({
        url,
        sha256: typeof f.hashes?.sha256 === 'string' ? f.hashes.sha256.toLowerCase() : null,
        metadata: meta === undefined || meta === null || meta === false ? null
          : { sha256: typeof meta?.sha256 === 'string' ? meta.sha256.toLowerCase() : null },
      });
    }
    return files;
  }
  let base = pageUrl;
  for (const { tag, attrs } of htmlLinks(text)) {
    const href = attrs.get('href');
    if (!href) continue;
    if (tag === 'base') {
      base = normalUrl(href, pageUrl) ?? base;
      continue;
    }
    const url = normalUrl(href, base);
    if (!url) continue;
    const hash = href.includes('#') ? href.slice(href.indexOf('#') + 1) : '';
    const meta = attrs.has('data-core-metadata') ? attrs.get('data-core-metadata') : attrs.get('data-dist-info-metadata');
    files.push({
      url,
      sha256: sha256Of(hash),
      metadata: meta === undefined || meta === 'false' ? null : { sha256: sha256Of(meta) },
    });
  }
  return files;
}

const PROJECT_NAME = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i;

export class PackageGate {
  constructor() {
    /** project page URL -> Map(file URL -> sha256 | null) */
    this.pages = new Map();
    /** file URL -> {sha256s: Set, kind: 'wheel' | 'metadata'}: what pages named */
    this.named = new Map();
    /** file URL -> plan entry: the files of plans the page vouches for */
    this.vouched = new Map();
  }

  /**
   * Whether `item` ({url, kind, accept?, sha256?}, as Python asked) may be
   * fetched for an install from `indexUrl` (with `wheelUrls`, the wheel URLs
   * the page itself gave): {item} to fetch (its sha256 and Accept header set
   * by the gate, not by Python) or {refused: why}.
   */
  admit(item, { indexUrl, wheelUrls = [] }) {
    const asked = typeof item?.url === 'string' ? item.url : String(item?.url);
    const url = normalUrl(asked);
    if (!url || !/^https?:$/.test(new URL(url).protocol)) {
      return { refused: 'refused by the page: not an http(s) URL' };
    }
    const base = indexUrl && normalUrl(`${String(indexUrl).replace(/\/+$/, '')}/`);
    const project = base && url.startsWith(base) && url.endsWith('/') ? url.slice(base.length, -1) : null;
    if (project && PROJECT_NAME.test(project)) {
      return { item: { url: asked, kind: 'index', accept: INDEX_ACCEPT, sha256: null, page: url } };
    }
    const named = this.named.get(url);
    if (named) {
      // The sha256 an index page gave (the cache is looked up by it); a file named with several is fetched without one.
      const sha256 = named.sha256s.size === 1 ? [...named.sha256s][0] : null;
      return { item: { url: asked, kind: named.kind, sha256 } };
    }
    const vouched = this.vouched.get(url);
    if (vouched) return { item: { url: asked, kind: 'wheel', sha256: vouched.sha256 } };
    if (wheelUrls.some((w) => normalUrl(w) === url)) return { item: { url: asked, kind: 'wheel', sha256: null } };
    const where = base ? `the package index in use (${base})` : 'no package index';
    return {
      refused: `refused by the page: it is neither a project page of ${where} nor a file such a page named`
        + ' (an install fetches only those; to install a wheel by URL, give it to the page: session.install([url]) or loadPython({ packages }))',
    };
  }

  /** Reads an index page fetched for `pageUrl` (from admit), so that the files it names may be fetched. */
  learnPage(pageUrl, bytes, contentType) {
    const files = new Map();
    for (const f of parseIndexPage(pageUrl, bytes, contentType)) {
      if (!files.has(f.url)) files.set(f.url, f.sha256);
      this.name(f.url, 'wheel', f.sha256);
      if (f.metadata) this.name(`${f.url}.metadata`, 'metadata', f.metadata.sha256);
    }
    this.pages.set(pageUrl, files);
  }

  name(url, kind, sha256) {
    const entry = this.named.get(url) ?? { kind, sha256s: new Set() };
    entry.sha256s.add(sha256);
    this.named.set(url, entry);
  }

  /** The files of a plan the page checked (or kept after checking) may be fetched again. */
  vouch(plan) {
    for (const item of plan ?? []) {
      const url = typeof item?.url === 'string' && typeof item.sha256 === 'string' ? normalUrl(item.url) : null;
      if (url) this.vouched.set(url, item);
    }
  }

  /**
   * Why `plan` is not only what the index said, or null when it is: each
   * entry's file must be listed, with the same sha256, on its project's page
   * of `indexUrl` as this gate read it, or be an entry of a plan vouched for.
   * `wheelUrls`: the wheel URLs the page gave, accepted with the sha256 Python
   * measured (such plans are never cached: package-install.js).
   */
  checkPlan(plan, { indexUrl, wheelUrls = [] }) {
    if (!Array.isArray(plan)) return 'the plan is not a list';
    for (const item of plan) {
      // Built into the module: nothing to download (Python checks the module has it when the plan is replayed).
      if (item?.built_in === true && typeof item.name === 'string' && typeof item.version === 'string' && !('url' in item)) continue;
      if (typeof item?.name !== 'string' || typeof item?.url !== 'string') return `the plan entry ${JSON.stringify(item)} has no name or URL`;
      const url = normalUrl(item.url);
      const page = projectPageUrl(indexUrl, canonicalName(item.name));
      const listed = this.pages.get(page);
      if (listed?.has(url)) {
        if (listed.get(url) && listed.get(url) === item.sha256) continue;
        return `${item.url}: the index page ${page} gives it sha256 ${listed.get(url) ?? '(none)'}, the plan ${item.sha256}`;
      }
      const trusted = this.vouched.get(url);
      if (trusted && trusted.sha256 === item.sha256 && canonicalName(trusted.name) === canonicalName(item.name)
        && trusted.version === item.version && trusted.filename === item.filename) continue;
      if (wheelUrls.some((w) => normalUrl(w) === url)) continue;
      return `${item.url} (${item.name}) is not listed on ${page} as this page read it`;
    }
    return null;
  }
}
