"""Downloads one pinned sdist of a recipe (run by scripts/recipes.sh with the native Python).

usage: recipe_fetch.py INDEX PROJECT FILENAME SHA256 DEST

Its URL comes from the project's page in the simple index (PEP 691 JSON); the file
is written to DEST only when its sha256 is SHA256. Exit status: 0 done, 2 the index
or the download failed, 3 the file is not on the index page, 4 checksum mismatch.
"""
import hashlib
import json
import os
import sys
import urllib.parse
import urllib.request

index, project, filename, sha256, dest = sys.argv[1:6]
page = index.rstrip("/") + "/" + project + "/"
try:
    request = urllib.request.Request(page, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        files = json.load(answer)["files"]
except Exception as e:
    print(f"could not read {page}: {e}", file=sys.stderr)
    sys.exit(2)
match = [f for f in files if f.get("filename") == filename]
if not match:
    print(f"{filename} is not listed on {page}", file=sys.stderr)
    sys.exit(3)
url = urllib.parse.urljoin(page, match[0]["url"])
listed = match[0].get("hashes", {}).get("sha256")
if listed and listed != sha256:
    print(f"the index lists sha256 {listed} for {filename}, the pin says {sha256}", file=sys.stderr)
    sys.exit(4)
print(f"downloading {url}", file=sys.stderr)
digest = hashlib.sha256()
part = dest + ".part"
try:
    with urllib.request.urlopen(url, timeout=300) as answer, open(part, "wb") as out:
        while chunk := answer.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
except Exception as e:
    print(f"could not download {url}: {e}", file=sys.stderr)
    sys.exit(2)
if digest.hexdigest() != sha256:
    os.unlink(part)
    print(f"{filename} has sha256 {digest.hexdigest()}, the pin says {sha256}", file=sys.stderr)
    sys.exit(4)
os.replace(part, dest)
