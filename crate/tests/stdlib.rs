//! The stdlib from the .pyc zip: imports and a real use of each module.
mod common;
use common::*;

#[test]
fn common_modules_work() {
    let code = r#"
import json, re, decimal, datetime, collections, itertools, statistics, fractions
import dataclasses, enum, textwrap, unicodedata, random, heapq, bisect, struct, array
print(json.loads(json.dumps({"a": [1, 2.5, None]})))
print(re.findall(r"\d+", "a1b22c333"))
print(decimal.Decimal("0.1") + decimal.Decimal("0.2"))
print(datetime.date(2024, 2, 28) + datetime.timedelta(days=2))
print(collections.Counter("abracadabra").most_common(2))
print(list(itertools.permutations("ab")))
print(statistics.median([3, 1, 4, 1, 5]))
print(fractions.Fraction(1, 3) + fractions.Fraction(1, 6))
@dataclasses.dataclass
class P:
    x: int
    y: int = 2
print(P(1))
class Color(enum.Enum):
    RED = 1
print(Color.RED)
print(textwrap.wrap("the quick brown fox", 10))
print(unicodedata.name("é"))
random.seed(1); print(random.randint(1, 10**6))
h = [5, 1, 3]; heapq.heapify(h); print(heapq.heappop(h))
print(bisect.bisect([1, 2, 4], 3))
print(struct.pack("<IH", 1, 2).hex())
print(array.array("i", [1, 2, 3]).tobytes().hex())
"#;
    assert_eq!(
        py_ok(code),
        "{'a': [1, 2.5, None]}\n['1', '22', '333']\n0.3\n2024-03-01\n[('a', 5), ('b', 2)]\n\
         [('a', 'b'), ('b', 'a')]\n3\n1/2\nP(x=1, y=2)\nColor.RED\n['the quick', 'brown fox']\n\
         LATIN SMALL LETTER E WITH ACUTE\n140892\n1\n2\n010000000200\n010000000200000003000000\n"
    );
}

#[test]
fn xml_etree_parses() {
    let out = py_ok("import xml.etree.ElementTree as ET\nr = ET.fromstring('<a><b n=\"1\"/><b n=\"2\"/></a>')\nprint([b.get('n') for b in r.iter('b')], ET.tostring(r).decode())");
    assert_eq!(out, "['1', '2'] <a><b n=\"1\" /><b n=\"2\" /></a>\n");
}

#[test]
fn hashlib_md5_and_sha256() {
    let out = py_ok("import hashlib\nprint(hashlib.md5(b'abc').hexdigest())\nprint(hashlib.sha256(b'abc').hexdigest())");
    assert_eq!(
        out,
        "900150983cd24fb0d6963f7d28e17f72\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n"
    );
}

#[test]
fn zlib_gzip_and_zipfile_with_deflate() {
    let code = r#"
import zlib, gzip, zipfile, io
data = b"wasipy " * 1000
assert zlib.decompress(zlib.compress(data, 9)) == data
print(len(zlib.compress(data)) < 100)
print(gzip.decompress(gzip.compress(data)) == data)
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.txt", data)
with zipfile.ZipFile(buf) as z:
    info = z.getinfo("a.txt")
    print(info.compress_type == zipfile.ZIP_DEFLATED, info.compress_size < info.file_size, z.read("a.txt") == data)
with gzip.open("/tmp/wasipy-test.gz", "wb") as f:
    f.write(data)
with gzip.open("/tmp/wasipy-test.gz") as f:
    print(f.read() == data)
"#;
    assert_eq!(py_ok(code), "True\nTrue\nTrue True True\nTrue\n");
}

#[test]
fn stdlib_comes_from_the_pyc_zip() {
    let out = py_ok("import sys, json\nprint(sys.path[0] if sys.path[0] else sys.path[1])\nprint(json.__spec__.loader.__class__.__name__)");
    assert_eq!(out, "/usr/local/lib/python313.zip\nzipimporter\n");
}

#[test]
fn sqlite3_in_memory_and_in_a_tmp_file() {
    let code = r#"
import sqlite3, os
mem = sqlite3.connect(":memory:")
print(mem.execute("select sqlite_version(), json_extract('{\"a\": [1, 2]}', '$.a[1]'), sqrt(81)").fetchone())
path = "/tmp/wasipy-test.db"
if os.path.exists(path):
    os.remove(path)
with sqlite3.connect(path) as db:
    db.execute("create table t (n integer, word text)")
    db.executemany("insert into t values (?, ?)", [(i, f"w{i}") for i in range(1000)])
db.close()
db = sqlite3.connect(path)
print(db.execute("select count(*), sum(n), max(word) from t").fetchone(), os.path.getsize(path) > 8192)
db.execute("create virtual table docs using fts5(body)")
db.execute("insert into docs values ('wasm runs python'), ('python runs wasm')")
print(db.execute("select count(*) from docs where docs match 'python'").fetchone())
"#;
    assert_eq!(py_ok(code), "('3.46.1', 2, 9.0)\n(1000, 499500, 'w999') True\n(2,)\n");
}

#[test]
fn bz2_and_lzma_with_real_data() {
    let code = r#"
import bz2, lzma, json
data = json.dumps([{"id": i, "name": f"item {i}"} for i in range(2000)]).encode()
b = bz2.compress(data)
x = lzma.compress(data)
print(bz2.decompress(b) == data, lzma.decompress(x) == data, len(b) < len(data) // 5, len(x) < len(data) // 5)
with lzma.open("/tmp/wasipy-test.xz", "wt") as f:
    f.write("line\n" * 100)
with lzma.open("/tmp/wasipy-test.xz", "rt") as f:
    print(len(f.readlines()))
with bz2.open("/tmp/wasipy-test.bz2", "wb") as f:
    f.write(data)
print(bz2.open("/tmp/wasipy-test.bz2").read() == data)
"#;
    assert_eq!(py_ok(code), "True True True True\n100\nTrue\n");
}

#[test]
fn asyncio_runs_without_sockets_or_threads() {
    let code = r#"
import asyncio
async def square(n):
    await asyncio.sleep(0.01)
    return n * n
async def main():
    q = asyncio.Queue()
    await q.put("queued")
    return await asyncio.gather(*(square(i) for i in range(4))), await q.get()
print(asyncio.run(main()))
"#;
    assert_eq!(py_ok(code), "([0, 1, 4, 9], 'queued')\n");
}
