"""The one typed settings object. Built by `create_app()` or the CLI, never at import."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from crosslive.secret_files import create_private
from crosslive.settings.media import MediaSettings
from crosslive.settings.payments import PaymentProviderSettings
from crosslive.settings.translation import TranslationSettings


class Settings(MediaSettings, PaymentProviderSettings, TranslationSettings):
    """Every setting is read from a `CROSSLIVE_`-prefixed environment variable (the media
    server's are in `settings/media.py`, the card provider's in `settings/payments.py`,
    translation's in `settings/translation.py`)."""

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
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks (10.0.0.0/8) of the reverse proxies "
        "whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty: none (each client "
        "is the address that connected); * trusts any peer.",
    )
    base_url: str = Field(
        default="",
        description="Public URL of the site (links in emails, embeds). Empty: http://HOST:PORT",
    )
    secret_key: str = Field(
        default="",
        description="Signs CSRF tokens. Empty: generated once and kept in DATA_DIR/secret_key.",
    )
    session_days: int = Field(default=14, ge=1, le=365, description="Login session lifetime.")
    login_failures_per_account: int = Field(
        default=10,
        ge=1,
        description="Failed logins for one account (from any address) per "
        "LOGIN_FAILURE_WINDOW_SECONDS; further attempts are refused until the oldest leaves "
        "the window.",
    )
    login_failures_per_address: int = Field(
        default=30,
        ge=1,
        description="Failed logins from one client address (any account) per "
        "LOGIN_FAILURE_WINDOW_SECONDS.",
    )
    login_failure_window_seconds: int = Field(
        default=900, ge=1, description="The window failed logins are counted in."
    )
    password_hash_concurrency: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Password checks and hashes (argon2id, 64 MiB each) that run at once in "
        "one app process; more wait their turn.",
    )
    evidence_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Largest evidence file (PDF or image) accepted for a credential.",
    )
    clip_max_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        description="Largest video clip accepted as a credential's evidence (before transcoding).",
    )
    clip_max_seconds: float = Field(
        default=30.0,
        gt=0,
        le=300,
        description="Longest video clip accepted as a credential's evidence: it plays over the "
        "show, so it must be short.",
    )
    image_max_bytes: int = Field(
        default=8 * 1024 * 1024, ge=1024, description="Largest product image accepted."
    )
    fit_model_dir: Path | None = Field(
        default=None,
        description="Trained fit model (`crosslive fit train --out`). Empty: DATA_DIR/fit-model; "
        "without a model the size advisor uses the size charts.",
    )
    fit_between_below: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Below this chance that the best size fits, the model's advice names two "
        "sizes ('between M and L') instead of one (docs/fit.md).",
    )
    fit_advice_per_minute: int = Field(
        default=30, ge=1, le=10_000, description="Size-advice requests per client IP per minute."
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    log_format: Literal["text", "json"] = Field(
        default="text", description="text: plain lines; json: one JSON object a line."
    )
    metrics_token: str = Field(
        default="",
        description="Bearer token Prometheus sends to GET /metrics. Empty: only clients on "
        "this machine may read the metrics.",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark session cookies Secure (always on when BASE_URL is https).",
    )

    broker_url: str = Field(
        default="",
        description="Live-room fan-out, viewer counts and request limits shared between app "
        "processes. Empty: in-process (one process). redis://host:6379/0 when several app "
        "processes serve the same show.",
    )
    chat_rate_messages: int = Field(
        default=5, ge=1, description="Chat messages one viewer may send per CHAT_RATE_SECONDS."
    )
    chat_rate_seconds: int = Field(default=10, ge=1, description="Chat rate-limit window.")
    chat_rate_address_messages: int = Field(
        default=20,
        ge=1,
        description="Chat messages from one client address (every viewer behind it together) "
        "per CHAT_RATE_SECONDS.",
    )
    chat_rate_address_joins: int = Field(
        default=20,
        ge=1,
        description="Chat joins (choosing a name) from one client address per 10 minutes.",
    )
    chat_join_hours: float = Field(
        default=12.0,
        gt=0,
        le=168,
        description="How long a chat join lasts: the viewer may write in the show they joined "
        "for this long, then joins again.",
    )
    checkout_max_lines: int = Field(
        default=10, ge=1, le=30, description="Different items one cart or order may hold."
    )
    checkout_max_units_per_line: int = Field(
        default=10, ge=1, le=99, description="Units of one item one cart or order may hold."
    )
    checkout_max_units_per_buyer: int = Field(
        default=10,
        ge=1,
        description="Units of one variant one buyer may hold in a show, across their orders "
        "that are not cancelled, counted by viewer identity and by email address apart.",
    )
    checkout_address_share: float = Field(
        default=0.05,
        gt=0,
        le=1,
        description="Share of a variant's stock in a show that the orders (not cancelled) from "
        "one client address may hold, at least one unit. With 0.05, one address holds at most "
        "50 of 1,000.",
    )
    checkout_address_orders: int = Field(
        default=10,
        ge=1,
        description="Checkout attempts from one client address per CHECKOUT_ADDRESS_SECONDS.",
    )
    checkout_address_seconds: int = Field(
        default=600, ge=1, description="Window of the checkout limit per client address."
    )
    checkout_proof_bits: int = Field(
        default=14,
        ge=0,
        le=24,
        description="Proof of work a checkout carries: leading zero bits of a SHA-256 the "
        "buyer's browser finds (2^bits hashes on average; 14 takes a phone a fraction of a "
        "second). One more bit per doubling of the units ordered and per order the client "
        "address already placed in the show.",
    )
    checkout_proof_max_bits: int = Field(
        default=18, ge=0, le=28, description="The most proof-of-work bits a checkout is asked."
    )
    checkout_challenge_seconds: int = Field(
        default=300, ge=10, description="How long a checkout challenge may be used."
    )
    chat_heartbeat_seconds: float = Field(
        default=15.0, gt=0, description="How often the server sends a heartbeat to viewers."
    )
    chat_idle_seconds: float = Field(
        default=60.0, gt=0, description="A viewer that sent nothing for this long is dropped."
    )
    chat_write_buffer_bytes: int = Field(
        default=256 * 1024,
        ge=4096,
        description="A viewer whose unsent bytes exceed this is dropped and resyncs on reconnect.",
    )
    smtp_host: str = Field(
        default="", description="SMTP server for order emails. Empty: emails stay in the outbox."
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP server port.")
    smtp_user: str = Field(default="", description="SMTP login (empty: no login).")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(
        default="crosslive@localhost", description="The From address of order emails."
    )
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the SMTP connection (STARTTLS)."
    )
    mail_poll_seconds: float = Field(
        default=2.0, gt=0, le=300, description="How often the outbox sender looks for due emails."
    )
    mail_per_recipient_per_hour: int = Field(
        default=10,
        ge=1,
        le=1000,
        description="Emails one address receives per hour at most; more wait for a free slot, "
        "and past that many waiting they are held (not sent).",
    )
    mail_retry_seconds: float = Field(
        default=30.0, gt=0, description="First retry delay of a failed email; doubles each try."
    )
    replays_enabled: bool = Field(
        default=True,
        description="Record every show on the media server and make its replay once it ends "
        "(janus-pp-rec and ffmpeg, in this process). Off: nothing is recorded.",
    )
    replay_settle_seconds: float = Field(
        default=10.0,
        ge=0,
        le=3600,
        description="How long after a show ends its recording is left to close before the "
        "replay is made.",
    )
    scheduler_enabled: bool = Field(
        default=True,
        description="Run due scheduled jobs (unpaid-order expiry ...) in this process. Every "
        "process may: each job runs once. Off: jobs wait for a process that has it on.",
    )
    scheduler_poll_seconds: float = Field(
        default=1.0, gt=0, le=300, description="How often the scheduler looks for due jobs."
    )
    scheduler_keep_finished_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="Days a finished scheduled job (done, or failed for good) is kept before "
        "the scheduler deletes it; 0 keeps them all.",
    )
    scheduler_lease_seconds: float = Field(
        default=300.0,
        ge=10,
        le=86400,
        description="How long a claimed job is a runner's own; past it (the process died) "
        "another runner takes the job over. Longer than any one job runs.",
    )
    live_order_hold_minutes: float = Field(
        default=15.0,
        ge=0,
        le=10080,
        description="An unpaid order placed during a live show holds its stock this long, "
        "then is cancelled and its units go back on sale. 0: no hold (kept until paid or "
        "cancelled by hand).",
    )

    order_link_days: int = Field(
        default=365,
        ge=1,
        le=3650,
        description="How long the signed link to a buyer's order page (in each order email) "
        "works; each new email carries a fresh link.",
    )
    return_reminder_days: int = Field(
        default=3,
        ge=0,
        le=60,
        description="A buyer who started a return and did not confirm it is reminded this "
        "many days before the order's return window closes (once per return).",
    )
    manual_refund_days: int = Field(
        default=5,
        ge=1,
        le=60,
        description="What a buyer whose keep-it return waits for the store's refund (a bank "
        "transfer) is told: the store refunds within this many days.",
    )
    follow_up_hours: float = Field(
        default=48.0,
        ge=0,
        le=24 * 60,
        description="Hours after delivery the buyer is asked how the order fits (one email "
        "with a one-click answer per line); 0: at once.",
    )
    bank_transfer_pay_days: int = Field(
        default=3,
        ge=1,
        le=60,
        description="Days a bank-transfer order waits for its money before the expiry job "
        "cancels it and puts its units back on sale.",
    )
    tracking_provider: str = Field(
        default="manual",
        max_length=200,
        description="Where delivery news comes from: manual (the seller reports it: admin, "
        "API, CSV) or package.module:ClassName of a TrackingProvider (docs/orders.md).",
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return upper

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: str) -> str:
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        if entries == ["*"]:
            return "*"
        for entry in entries:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network") from None
        return ",".join(entries)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'crosslive.db').resolve()}"

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def https(self) -> bool:
        """Whether the public URL is https (cookies are then Secure and HSTS is sent)."""
        return self.public_url.startswith("https://")

    @property
    def cookies_secure(self) -> bool:
        return self.secure_cookies or self.https

    @property
    def resolved_fit_model_dir(self) -> Path:
        return self.fit_model_dir or self.data_dir / "fit-model"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def clips_dir(self) -> Path:
        """Credentials' video clips (transcoded), their posters and subtitles."""
        return self.evidence_dir / "clips"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def recordings_dir(self) -> Path:
        """Janus's raw recordings, a folder per show (made by the media server)."""
        return self.data_dir / "recordings"

    @property
    def replays_dir(self) -> Path:
        """The replays' videos."""
        return self.data_dir / "replays"

    def prepare_dirs(self) -> None:
        for path in (self.data_dir, self.evidence_dir, self.media_dir):
            path.mkdir(parents=True, exist_ok=True)

    def signing_key(self) -> str:
        """The configured secret, or one generated on first use and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        # Owner-only from its first moment, and whole: a second process starting at the
        # same time reads the same key.
        return create_private(self.data_dir / "secret_key", secrets.token_urlsafe(48)).strip()
