from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from typer.testing import CliRunner

from crosslive.cli import app
from crosslive.settings import Settings
from tests.catalog.conftest import EXPORT, catalog_snapshot


def _env(settings: Settings) -> dict[str, str]:
    return {
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
    }


def test_cli_imports_and_prints_one_json_object(
    settings: Settings, db: Session, owner: dict[str, Any]
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["import", "shopify", str(EXPORT), "--json"], env=_env(settings))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("products", "variants", "images", "errors")} == {
        "products": 4,
        "variants": 9,
        "images": 6,
        "errors": [],
    }
    assert (report["created"], report["updated"], report["store"]) == (4, 0, "acme")
    again = runner.invoke(
        app, ["import", "shopify", str(EXPORT), "--json", "--store", "acme"], env=_env(settings)
    )
    assert again.exit_code == 0, again.output
    assert (json.loads(again.stdout)["created"], json.loads(again.stdout)["updated"]) == (0, 4)
    assert len([row for row in catalog_snapshot(db) if row[0] == "product"]) == 4


def test_cli_reports_file_and_line_and_exits_non_zero(
    settings: Settings, db: Session, owner: dict[str, Any], tmp_path: Path
) -> None:
    text = EXPORT.read_text(encoding="utf-8").replace(
        "TR-41,660,shopify,7,deny,manual,89.90", "TR-41,660,shopify,7,deny,manual,9.9.0"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["import", "shopify", str(bad), "--json"], env=_env(settings))
    assert result.exit_code == 1
    assert f"{bad}:12: Variant Price: '9.9.0' is not a price" in result.stderr
    report = json.loads(result.stdout)
    assert report["products"] == 0
    assert [(e["line"], e["message"]) for e in report["errors"]] == [
        (12, "Variant Price: '9.9.0' is not a price")
    ]
    plain = runner.invoke(app, ["import", "shopify", str(bad)], env=_env(settings))
    assert plain.exit_code == 1
    assert f"{bad}:12: Variant Price: '9.9.0' is not a price" in plain.stderr
    assert "nothing was imported" in plain.stderr
    assert catalog_snapshot(db) == []


def test_cli_needs_a_known_store(
    settings: Settings, owner: dict[str, Any], other_store: dict[str, Any], db: Session
) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["import", "shopify", str(EXPORT), "--store", "nope"], env=_env(settings)
    )
    assert result.exit_code == 1
    assert "no store named 'nope'" in result.stderr
    several = runner.invoke(app, ["import", "shopify", str(EXPORT)], env=_env(settings))
    assert several.exit_code == 1
    assert "several stores: pass --store SLUG" in several.stderr
    assert catalog_snapshot(db) == []


def test_an_install_without_a_store_says_how_to_make_one_in_the_json_too(
    settings: Settings, db: Session
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["import", "shopify", str(EXPORT), "--json"], env=_env(settings))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["error"].startswith("no store yet: create one first with `crosslive seller")
    assert (report["products"], report["errors"]) == (0, [])
    assert report["error"] in result.stderr
    assert catalog_snapshot(db) == []
