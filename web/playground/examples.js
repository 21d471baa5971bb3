// The example snippets of the "Examples" menu. `stdin` (optional) is put
// into the Input box when the example is picked.

export const EXAMPLES = [
  {
    id: 'hello',
    label: 'Hello',
    code: `print('Printing from Python!')\n`,
  },
  {
    id: 'traceback',
    label: 'A traceback',
    code: `def divide(a, b):
    return a / b


def average(values):
    return divide(sum(values), len(values))


print(average([1, 2, 3]))
print(average([]))  # ZeroDivisionError
`,
  },
  {
    id: 'input',
    label: 'input() with stdin',
    code: `# Each call of input() reads one line of the Input box.
name = input()
age = int(input())
print(f"Hello, {name}! Next year you will be {age + 1}.")
`,
    stdin: 'Ada\n36\n',
  },
  {
    id: 'loop',
    label: 'A CPU loop',
    code: `import time

start = time.perf_counter()
total = 0
for i in range(10**6):
    total += i * i
elapsed = time.perf_counter() - start

print(f"sum of squares below 10**6: {total}")
print(f"took {elapsed * 1000:.1f} ms")
`,
  },
  {
    id: 'dataclass',
    label: 'A dataclass',
    code: `from dataclasses import dataclass, field


@dataclass(order=True)
class Point:
    x: float
    y: float
    tags: list[str] = field(default_factory=list, compare=False)

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5


points = [Point(3, 4), Point(1, 1, ["unit"]), Point(0, 2)]
print(sorted(points))
print([abs(p) for p in points])
Point(1.5, -2)  # the value of a last expression is shown too
`,
  },
  {
    id: 'stdlib',
    label: 'json, decimal, datetime',
    code: `import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal, getcontext

getcontext().prec = 30
print(Decimal(1) / Decimal(7))
print(0.1 + 0.2, "vs", Decimal("0.1") + Decimal("0.2"))

start = datetime(2024, 2, 28, 12, 0, tzinfo=timezone.utc)
print((start + timedelta(days=1)).isoformat())  # 2024 is a leap year

data = {"name": "wasipy", "tags": ["python", "wasm", "ü ✓"], "ok": True}
text = json.dumps(data, indent=2, ensure_ascii=False)
print(text)
print(json.loads(text) == data)
`,
  },
  {
    id: 'pictures',
    label: 'Pictures: display()',
    code: `# display() shows rich values as Jupyter does: HTML, SVG, PNG, Markdown.
# HTML runs in a sandboxed frame: no script, no requests.
from wasipy import HTML, SVG, Image, Markdown
import struct, zlib

display(Markdown("### Powers\\nA table, a chart and a picture, *made in Python*."))

rows = [(n, n * n, 2 ** n) for n in range(1, 7)]
cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
display(HTML(f"<table><tr><th>n</th><th>n²</th><th>2ⁿ</th></tr>{cells}</table>"))

bars = "".join(f'<rect x="{i * 26}" y="{130 - c * 2}" width="22" height="{c * 2}" fill="teal"/>'
               for i, (_, _, c) in enumerate(rows))
display(SVG(f'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="130">{bars}</svg>'))

def png(width, height, pixel):
    "A PNG from pure Python: rows of RGB bytes, deflated."
    raw = b"".join(b"\\0" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data
                                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))

Image(png(160, 80, lambda x, y: (x * 255 // 160, y * 255 // 80, 180)))
`,
  },
  {
    id: 'turtle',
    label: 'turtle',
    code: `# CPython's own turtle module draws in the page.
# Stop ends a drawing; what is drawn stays.
import turtle

t = turtle.Turtle()
t.speed(10)
colours = ["red", "orange", "gold", "green", "blue", "purple"]
for i in range(90):
    t.pencolor(colours[i % 6])
    t.width(i // 30 + 1)
    t.forward(i * 2)
    t.left(59)
t.hideturtle()
turtle.done()
`,
  },
  {
    id: 'packages',
    label: 'A package from PyPI (rich)',
    code: `# /// script
# dependencies = ["rich"]
# ///
# The block above (PEP 723) installs rich and its dependencies before the run:
# pure-Python wheels from PyPI, kept by the browser for the next visit.
from rich.console import Console
from rich.table import Table

# Python's output here is not a terminal: ask for colours, the pane renders them.
console = Console(force_terminal=True, width=56)
table = Table(title="Where wasipy runs")
table.add_column("host", style="bold")
table.add_column("how", style="cyan")
table.add_row("wasmtime", "wasipy.wasm as a command")
table.add_row("browser", "a Web Worker, this page")
console.print(table)
console.print("[bold green]✓[/] installed with [italic]PEP 723[/]")
`,
  },
  {
    id: 'numpy',
    label: 'numpy',
    code: `# /// script
# dependencies = ["numpy"]
# ///
# numpy is compiled into wasipy's numpy module: declaring it (above) loads
# that module instead of the plain one. Nothing is downloaded from PyPI.
import numpy as np

a = np.arange(12).reshape(3, 4)
print(a)
print("column sums:", a.sum(axis=0))
print("matrix product:")
print(a @ a.T)

rng = np.random.default_rng(seed=42)
samples = rng.normal(loc=10, scale=2, size=10_000)
print(f"mean {samples.mean():.2f}, std {samples.std():.2f}")
print("numpy", np.__version__)
`,
  },
];

export function findExample(id) {
  return EXAMPLES.find((e) => e.id === id);
}
