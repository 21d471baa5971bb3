// The pages of a simple repository: PEP 691 JSON (API 1.1, with PEP 700's
// versions and size) and PEP 503 HTML (with PEP 592 yanked, PEP 658/714
// metadata and Requires-Python attributes), for the root and for a project.

export const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
const JSON_TYPES = [JSON_TYPE, 'application/vnd.pypi.simple.latest+json'];
const HTML_TYPES = ['application/vnd.pypi.simple.v1+html', 'application/vnd.pypi.simple.latest+html', 'text/html'];
const API_VERSION = '1.1';

/**
 * 'json' or 'html' for an Accept header (PEP 691 content negotiation): the
 * form with the highest q the client names; HTML when it names neither (no
 * header, "*\/*") or when JSON is switched off.
 */
export function negotiate(accept, jsonEnabled) {
  let best = { form: 'html', q: 0 };
  for (const part of (accept || '').split(',')) {
    const [type, ...parameters] = part.trim().toLowerCase().split(';');
    const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    const form = JSON_TYPES.includes(type.trim()) ? 'json' : HTML_TYPES.includes(type.trim()) ? 'html' : null;
    if (form === 'json' && !jsonEnabled) continue;
    if (form && q > best.q) best = { form, q };
  }
  return best.form;
}

function escapeHtml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function htmlPage(title, body) {
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta name="pypi:repository-version" content="${API_VERSION}">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${body}</body>\n</html>\n`;
}

export function rootJson(projects) {
  return JSON.stringify({ meta: { 'api-version': API_VERSION }, projects: [...projects.values()].map(({ name }) => ({ name })) });
}

export function rootHtml(projects) {
  const anchors = [...projects].map(([normalized, { name }]) => `<a href="${escapeHtml(normalized)}/">${escapeHtml(name)}</a><br>\n`);
  return htmlPage('Simple index', anchors.join(''));
}

/**
 * A project's page. `fileUrl(filename)` gives the URL to publish for a file
 * (absolute or relative to the project page); `pep658` whether .metadata files are offered.
 */
export function projectJson(project, { fileUrl, pep658 }) {
  return JSON.stringify({
    meta: { 'api-version': API_VERSION },
    name: project.name,
    versions: [...new Set(project.files.map((file) => file.version))],
    files: project.files.map((file) => ({
      filename: file.filename,
      url: fileUrl(file.filename),
      hashes: { sha256: file.sha256 },
      'requires-python': file.requiresPython,
      size: file.bytes.length,
      yanked: file.yanked,
      'core-metadata': pep658 && file.metadata ? { sha256: file.metadataSha256 } : false,
      'data-dist-info-metadata': pep658 && file.metadata ? { sha256: file.metadataSha256 } : false,
    })),
  });
}

export function projectHtml(project, { fileUrl, pep658 }) {
  const anchors = project.files.map((file) => {
    const attributes = [`href="${escapeHtml(`${fileUrl(file.filename)}#sha256=${file.sha256}`)}"`];
    if (file.requiresPython) attributes.push(`data-requires-python="${escapeHtml(file.requiresPython)}"`);
    if (file.yanked !== false) attributes.push(`data-yanked="${escapeHtml(file.yanked === true ? '' : file.yanked)}"`);
    if (pep658 && file.metadata) {
      attributes.push(`data-core-metadata="sha256=${file.metadataSha256}"`, `data-dist-info-metadata="sha256=${file.metadataSha256}"`);
    }
    return `<a ${attributes.join(' ')}>${escapeHtml(file.filename)}</a><br>\n`;
  });
  return htmlPage(`Links for ${project.name}`, `<h1>Links for ${escapeHtml(project.name)}</h1>\n${anchors.join('')}`);
}
