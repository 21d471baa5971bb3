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
