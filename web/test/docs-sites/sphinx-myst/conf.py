# A MyST Markdown site with wasipy, every python block runnable: the tests build it
# (web/test/browser/docs-sphinx.test.mjs), with Furo and the Read the Docs theme too.
import os

project = "wasipy MyST sample"
extensions = ["myst_parser", "wasipy.sphinx"]
html_theme = os.environ.get("SAMPLE_THEME", "furo")
wasipy_run_all_python = True
wasipy_time_limit = 2
