"""Alembic environment: the URL comes from an explicit option or the crosslive settings."""

from __future__ import annotations

from alembic import context

from crosslive.db import make_engine
from crosslive.settings import Settings
from crosslive.tables import metadata

config = context.config


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    settings = Settings()
    settings.prepare_dirs()
    return settings.resolved_database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    sqlite = url.startswith("sqlite")
    engine = make_engine(url)
    with engine.connect() as connection:
        if sqlite:
            # A batch operation rebuilds a table as a copy. With foreign keys on, dropping the
            # old copy of a table others point at (sellers) deletes their rows by cascade.
            # Off for the migration (outside its transaction, where SQLite heeds it), and
            # every reference checked once it is done.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so the migration begins a transaction of its own
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
