from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from crosslive import cli
from crosslive.auth.models import StaffUser
from crosslive.cli import app
from crosslive.settings import Settings


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
    }


def test_seller_create_makes_store_and_owner(cli_env: dict[str, str], db: Session) -> None:
    result = CliRunner().invoke(
        app,
        [
            "seller",
            "create",
            "--store",
            "lumen",
            "--email",
            "Ann@Lumen.test",
            "--password",
            "a long password",
            "--role",
            "host",
            "--json",
        ],
        env=cli_env,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "store": "lumen",
        "email": "ann@lumen.test",
        "role": "host",
    }
    user = db.scalar(select(StaffUser).where(StaffUser.email == "ann@lumen.test"))
    assert user is not None and user.seller.slug == "lumen"


def test_seller_create_refuses_short_password_and_creates_nothing(
    cli_env: dict[str, str], db: Session
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "seller",
            "create",
            "--store",
            "lumen",
            "--email",
            "ann@lumen.test",
            "--password",
            "short",
        ],
        env=cli_env,
    )
    assert result.exit_code == 1
    assert "password must be at least 10 characters" in result.output
    assert db.scalar(select(func.count()).select_from(StaffUser)) == 0


def test_serve_and_demo_take_the_same_address_options(
    cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Settings] = []
    monkeypatch.setattr(cli, "serve_app", lambda settings, *_: served.append(settings))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9123"], env=cli_env)
    assert result.exit_code == 0, result.output
    plain = CliRunner().invoke(app, ["serve"], env={**cli_env, "CROSSLIVE_PORT": "8111"})
    assert plain.exit_code == 0, plain.output
    assert [(s.host, s.port) for s in served] == [("0.0.0.0", 9123), ("127.0.0.1", 8111)]
    bad = CliRunner().invoke(app, ["serve", "--port", "70000"], env=cli_env)
    assert bad.exit_code == 2 and len(served) == 2
