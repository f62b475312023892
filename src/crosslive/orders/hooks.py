"""What other domains add to an order's life without orders importing them, registered while
the app is built (as job kinds are):

- close guards: a guard that answers True holds a delivered order's closing back (the returns
  domain's: an open return); `lifecycle.close_when_returns_end` looks again a day later;
- delivered hooks: run by `lifecycle.deliver` in the delivery's own transaction, only by the
  call that moved the order, so delivering twice runs them once (the follow-up email).

The hooks ride on the app's session factory (`install`): every session the app opens (a
request's, a scheduled job's) carries them in `Session.info`. A session from a factory they
were not installed on has none.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.models import Order

CloseGuard = Callable[[Session, Order], bool]
DeliveredHook = Callable[[Session, Order], None]
_INFO_KEY = "crosslive.orders.hooks"


class OrderHooks:
    """One app's close guards and delivered hooks, each run in the order added."""

    def __init__(self) -> None:
        self._guards: list[CloseGuard] = []
        self._delivered: dict[str, DeliveredHook] = {}

    def hold_closing_while(self, guard: CloseGuard) -> None:
        self._guards.append(guard)

    def on_delivered(self, name: str, hook: DeliveredHook) -> None:
        if name in self._delivered:
            raise ValueError(f"delivered hook {name!r} is already registered")
        self._delivered[name] = hook

    def delivered_names(self) -> tuple[str, ...]:
        return tuple(self._delivered)

    def install(self, factory: sessionmaker[Session]) -> None:
        """Make every session FACTORY opens from now on carry these hooks."""
        info = dict(factory.kw.get("info") or {})
        info[_INFO_KEY] = self
        factory.configure(info=info)


def _installed(db: Session) -> OrderHooks:
    hooks = db.info.get(_INFO_KEY)
    return hooks if isinstance(hooks, OrderHooks) else OrderHooks()


def run_delivered(db: Session, order: Order) -> None:
    """Run the delivered hooks installed on DB's factory (none when nothing was installed)."""
    for hook in _installed(db)._delivered.values():
        hook(db, order)


def closing_held(db: Session, order: Order) -> bool:
    """True while a close guard installed on DB's factory holds ORDER open."""
    return any(guard(db, order) for guard in _installed(db)._guards)
