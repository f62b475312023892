"""Starting the app does not import the heavy libraries only some requests need: fpdf (with
fontTools, for a packing slip) and LightGBM (with scipy, scikit-learn and narwhals, for a
trained fit model). Each costs a fifth of a second or more on every start of the app, the CLI
and every test process that imports it."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("fpdf", "fontTools", "lightgbm", "sklearn", "scipy", "narwhals")


def test_importing_the_app_leaves_the_heavy_libraries_unloaded() -> None:
    code = (
        "import json, sys; import crosslive.app; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
