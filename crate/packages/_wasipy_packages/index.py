"""A project's page of a simple repository: PEP 691 JSON or PEP 503 HTML.

Both forms become the same list of IndexFile, with the hashes, requires-python,
yanked flag and PEP 658 metadata hashes the index gives for each file.
"""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

from .errors import InstallError

ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
JSON_TYPE = "application/vnd.pypi.simple.v1+json"


@dataclass
class IndexFile:
    filename: str
    url: str  # absolute, without the #hash fragment
    hashes: dict = field(default_factory=dict)
    requires_python: str | None = None
    yanked: bool = False
    # PEP 658: None when the index offers no .metadata file, else its hashes ({} if none given)
    metadata_hashes: dict | None = None

    @property
    def sha256(self):
        return self.hashes.get("sha256")

    @property
    def metadata_url(self):
        return self.url + ".metadata"


def project_url(index_url, name):
    """PEP 503: the project page is the index base plus the normalized name and a slash."""
    return index_url.rstrip("/") + "/" + name + "/"


def parse_project_page(url, body, content_type):
    """The files listed on the page at `url` (bytes `body`), JSON or HTML by its content type."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if ctype == JSON_TYPE or (ctype in ("", "application/json") and text.lstrip().startswith("{")):
        return _parse_json(url, text)
    return _parse_html(url, text)


def _metadata_hashes(value):
    """PEP 658/714 value: False/absent -> None, True -> {}, a dict of hashes -> that dict."""
    if value is None or value is False:
        return None
    return dict(value) if isinstance(value, dict) else {}


def _parse_json(url, text):
    try:
        page = json.loads(text)
        files = page["files"]
        result = []
        for f in files:
            file_url, _ = urldefrag(urljoin(url, f["url"]))
            result.append(IndexFile(
                filename=f["filename"],
                url=file_url,
                hashes=dict(f.get("hashes") or {}),
                requires_python=f.get("requires-python") or None,
                yanked=bool(f.get("yanked", False)),
                # PEP 714 renamed the key; older indexes still send the PEP 658 one.
                metadata_hashes=_metadata_hashes(f.get("core-metadata", f.get("data-dist-info-metadata"))),
            ))
        return result
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise InstallError(f"the index page {url} is not a valid PEP 691 JSON page ({type(e).__name__}: {e})") from None


def _hash_attr(value):
    """`sha256=<hex>` (PEP 658 attribute value) -> {"sha256": hex}; "true" -> {}."""
    name, sep, digest = (value or "").partition("=")
    return {name: digest} if sep else {}


class _AnchorParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.base_url = page_url
        self.files = []
        self._anchor = None  # attributes of the <a> being read
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            href = dict(attrs).get("href")
            if href:
                self.base_url = urljoin(self.page_url, href)
        elif tag == "a":
            self._anchor = dict(attrs)
            self._text = []

    def handle_data(self, data):
        if self._anchor is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != "a" or self._anchor is None:
            return
        attrs, self._anchor = self._anchor, None
        href = attrs.get("href")
        if not href:
            return
        file_url, fragment = urldefrag(urljoin(self.base_url, href))
        filename = "".join(self._text).strip() or file_url.rsplit("/", 1)[-1]
        metadata = attrs.get("data-core-metadata", attrs.get("data-dist-info-metadata", False))
        self.files.append(IndexFile(
            filename=filename,
            url=file_url,
            hashes=_hash_attr(fragment),
            requires_python=attrs.get("data-requires-python") or None,
            # a present attribute yanks the file, with or without a reason as its value
            yanked="data-yanked" in attrs,
            metadata_hashes=None if metadata is False or metadata == "false" else _hash_attr(metadata),
        ))


def _parse_html(url, text):
    parser = _AnchorParser(url)
    parser.feed(text)
    parser.close()
    return parser.files
