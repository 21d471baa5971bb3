"""What the host has fetched so far (the request's `files`), read as index pages,
metadata files and wheels; a file not fetched yet stops the round with NeedFiles."""

from urllib.parse import unquote, urlparse

from .errors import InstallError, NeedFiles
from .index import ACCEPT, parse_project_page, project_url
from .wheels import check_is_wheel, check_sha256, metadata_from_wheel


def filename_of(url):
    return unquote(urlparse(url).path.rsplit("/", 1)[-1])


class Sources:
    def __init__(self, index_url, files):
        self.index_url = index_url
        self.files = files
        self.wanted = {}  # url -> need entry, in the order found
        self._pages = {}

    def want(self, url, kind, sha256=None):
        """Notes a file the host will have to fetch, without stopping the round."""
        if url not in self.files and url not in self.wanted:
            accept = ACCEPT if kind == "index" else None
            self.wanted[url] = {"url": url, "accept": accept, "sha256": sha256, "kind": kind}

    def stop_for(self, url, kind, sha256=None):
        """Ends the round: the host fetches `url` and everything else wanted so far."""
        self.want(url, kind, sha256)
        raise NeedFiles(list(self.wanted.values()))

    def _fetched(self, url, kind, what, sha256=None):
        """The entry of a fetched `url`, or NeedFiles; InstallError for a failed fetch."""
        entry = self.files.get(url)
        if entry is None:
            self.stop_for(url, kind, sha256)
        if entry.get("error"):
            raise InstallError(f"could not fetch {what} {url}: {entry['error']}")
        status = entry.get("status")
        if status != 200 or not entry.get("path"):
            raise InstallError(f"could not fetch {what} {url}: HTTP status {status}")
        return entry

    def want_project(self, name):
        if not self.index_url:
            raise InstallError(f"{name}: the request gives no index_url to look it up in (the base of a simple index, e.g. https://pypi.org/simple/)")
        self.want(project_url(self.index_url, name), "index")

    def project_files(self, name):
        """The files the index lists for project `name` (canonical); InstallError if it has none."""
        if name in self._pages:
            return self._pages[name]
        self.want_project(name)  # checks there is an index to ask
        url = project_url(self.index_url, name)
        entry = self.files.get(url)
        if entry is not None and entry.get("status") == 404 and not entry.get("error"):
            raise InstallError(f"{name}: no such package on the index ({url} returned 404 Not Found)")
        entry = self._fetched(url, "index", "the index page")
        with open(entry["path"], "rb") as f:
            body = f.read()
        self._pages[name] = parse_project_page(url, body, entry.get("content_type"))
        return self._pages[name]

    def wheel_path(self, url, sha256=None):
        """The path of the fetched wheel at `url`, checked to be a zip with the expected sha256."""
        entry = self._fetched(url, "wheel", "the wheel", sha256)
        with open(entry["path"], "rb") as f:
            starts_as_zip = f.read(4) == b"PK\x03\x04"
        if starts_as_zip:
            # A download cut off is a zip without its end: its hash says what happened.
            check_sha256(entry["path"], sha256, filename_of(url))
        check_is_wheel(entry["path"], url, entry.get("content_type"))
        check_sha256(entry["path"], sha256, filename_of(url))
        return entry["path"]

    def metadata_text(self, index_file):
        """METADATA of an index file: its PEP 658 file when the index offers one, else from the wheel."""
        if index_file.metadata_hashes is None:
            return metadata_from_wheel(self.wheel_path(index_file.url, index_file.sha256), index_file.filename)
        url = index_file.metadata_url
        expected = index_file.metadata_hashes.get("sha256")
        entry = self._fetched(url, "metadata", "the metadata file", expected)
        check_sha256(entry["path"], expected, f"{index_file.filename}.metadata")
        with open(entry["path"], "rb") as f:
            return f.read().decode("utf-8", "replace")

    def need_wheels(self, plan):
        """Stops the round when any wheel of the plan is not fetched yet, asking for all of them."""
        needs = [{"url": i["url"], "accept": None, "sha256": i["sha256"], "kind": "wheel"}
                 for i in plan if i["url"] not in self.files]
        if needs:
            raise NeedFiles(needs)
