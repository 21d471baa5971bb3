# A small Sphinx site with wasipy: the tests build it (web/test/browser/docs-sphinx.test.mjs).
import os

project = "wasipy sample"
extensions = ["wasipy.sphinx"]
html_theme = os.environ.get("SAMPLE_THEME", "alabaster")
wasipy_time_limit = 2
wasipy_check_all = True
