"""The static files keep one layout (a folder per part: admin, live, media, shop) and one
naming style (lower-case words joined by hyphens), and every page and module refers only to
files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import crosslive.media.lab.bench as media_bench
from crosslive.web.pages import TEMPLATES_DIR
from crosslive.web.routes import STATIC_DIR

FOLDERS = {"admin", "live", "media", "shop"}
NAME = re.compile(r"^[a-z]+(-[a-z]+)*\.(js|css)$")
ABSOLUTE = re.compile(r"""["'(]/static/([\w./-]+)["')]""")
RELATIVE = re.compile(r"""(?:from|import\()\s*["'](\.{1,2}/[\w./-]+)["']""")


def test_every_static_file_sits_in_a_part_folder_with_a_hyphenated_name() -> None:
    files = [p.relative_to(STATIC_DIR) for p in STATIC_DIR.rglob("*") if p.is_file()]
    files = [p for p in files if p.parts[0] != "vendor"]
    assert files, "no static files found"
    misplaced = [str(p) for p in files if len(p.parts) != 2 or p.parts[0] not in FOLDERS]
    misnamed = [str(p) for p in files if not NAME.match(p.name)]
    assert (misplaced, misnamed) == ([], [])


def test_vendored_libraries_keep_their_names_and_carry_their_licence() -> None:
    """static/vendor/<library>/ holds a third-party build as its package ships it."""
    libraries = [p for p in (STATIC_DIR / "vendor").iterdir() if p.is_dir()]
    assert libraries
    unlicensed = [p.name for p in libraries if not list(p.glob("LICENSE*"))]
    assert unlicensed == []


def test_pages_and_modules_refer_only_to_static_files_that_exist() -> None:
    sources = [
        *TEMPLATES_DIR.rglob("*.html"),
        *STATIC_DIR.rglob("*.js"),
        *Path(media_bench.__file__).parent.joinpath("bench_pages").glob("*.html"),
        Path(media_bench.__file__),
    ]
    missing = []
    references = 0
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for path in ABSOLUTE.findall(text):
            references += 1
            if not (STATIC_DIR / path).is_file():
                missing.append(f"{source.name}: /static/{path}")
        for path in RELATIVE.findall(text):
            references += 1
            if not (source.parent / path).resolve().is_file():
                missing.append(f"{source.name}: {path}")
    assert references > 15
    assert missing == []
