"""The one typed settings object. Built by `create_app()` or the CLI, never at import."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting is read from a `CROSSLIVE_`-prefixed environment variable."""

    model_config = SettingsConfigDict(env_prefix="CROSSLIVE_", extra="ignore")

    data_dir: Path = Field(
        default=Path("crosslive-data"),
        description="Where the SQLite database, evidence files and uploads live.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty means SQLite at DATA_DIR/crosslive.db. "
        "PostgreSQL: postgresql+psycopg://user@host/dbname",
    )
    host: str = Field(default="127.0.0.1", description="Address the web server binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web server binds to.")
    base_url: str = Field(
        default="",
        description="Public URL of the site (links in emails, embeds). Empty: http://HOST:PORT",
    )
    secret_key: str = Field(
        default="",
        description="Signs CSRF tokens. Empty: generated once and kept in DATA_DIR/secret_key.",
    )
    session_days: int = Field(default=14, ge=1, le=365, description="Login session lifetime.")
    evidence_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Largest evidence file (PDF or image) accepted for a credential.",
    )
    image_max_bytes: int = Field(
        default=8 * 1024 * 1024, ge=1024, description="Largest product image accepted."
    )
    fit_model_dir: Path | None = Field(
        default=None,
        description="Trained fit model (`crosslive fit train --out`). Empty: DATA_DIR/fit-model; "
        "without a model the size advisor uses the size charts.",
    )
    fit_advice_per_minute: int = Field(
        default=30, ge=1, le=10_000, description="Size-advice requests per client IP per minute."
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    secure_cookies: bool = Field(
        default=False, description="Mark session cookies Secure (set true behind HTTPS)."
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return upper

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'crosslive.db').resolve()}"

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def resolved_fit_model_dir(self) -> Path:
        return self.fit_model_dir or self.data_dir / "fit-model"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    def prepare_dirs(self) -> None:
        for path in (self.data_dir, self.evidence_dir, self.media_dir):
            path.mkdir(parents=True, exist_ok=True)

    def signing_key(self) -> str:
        """The configured secret, or one generated on first use and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
