"""Starting the app or the CLI does not import the heavy libraries only some work needs: fpdf
(with fontTools: a packing slip, the demo's certificates) and LightGBM (with scipy,
scikit-learn and narwhals: loading or training a fit model). Together they cost a third of a
second or more on every start of the app, the CLI and every test process that imports it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("fpdf", "fontTools", "lightgbm", "sklearn", "scipy", "narwhals")


@pytest.mark.parametrize("module", ["crosslive.app", "crosslive.cli"])
def test_importing_the_app_or_the_cli_leaves_the_heavy_libraries_unloaded(module: str) -> None:
    code = (
        f"import json, sys; import {module}; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600
    )
    assert json.loads(done.stdout) == []
