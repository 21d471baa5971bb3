"""Runs a turtle program (argv[1]) and prints its canvas (background, items) as JSON.

The same file runs in native CPython with Tk (under Xvfb) and in wasipy with
its tkinter stand-in (web/test/node/turtle.test.mjs): what turtle.py asked
the canvas to draw is compared item by item. A turtledemo program's main()
is called, as turtledemo's viewer does; mainloop() and done() return at once.
"""

import json
import sys
import turtle

turtle.done = turtle.mainloop = turtle.exitonclick = lambda *args: None
turtle.Screen().delay(0)  # no pauses between steps: the items are the same, sooner
with open(sys.argv[1]) as f:
    source = f.read()
namespace = {"__name__": "example"}
exec(compile(source, sys.argv[1], "exec"), namespace)
if "main" in namespace:
    namespace["main"]()
canvas = turtle.getcanvas()
OPTIONS = {"line": ("fill", "width", "capstyle"), "polygon": ("fill", "outline", "width"), "text": ("text", "anchor", "fill"), "image": ()}
items = []
for item in canvas.find_all():
    kind = canvas.type(item)
    coords = [round(float(c), 2) + 0.0 for c in canvas.coords(item)]  # + 0.0: no -0.0
    items.append([kind, coords, {name: str(canvas.itemcget(item, name)) for name in OPTIONS.get(kind, ())}])
print(json.dumps({"bg": str(canvas.cget("bg")), "items": items}))
