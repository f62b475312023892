"""What other domains do when an order is delivered, without orders knowing them: callbacks
registered while the app is built (as job kinds are) and run by `lifecycle.deliver` in the
delivery's own transaction. Only the call that moved the order to delivered runs them, so
delivering twice runs them once.

The registry rides on the app's session factory (`install`): every session the app opens
(a request's, a scheduled job's) carries it in `Session.info`. A session from a factory it
was not installed on runs no hooks.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.models import Order

DeliveredHook = Callable[[Session, Order], None]
_INFO_KEY = "crosslive.orders.delivered_hooks"


class DeliveredHooks:
    """The callbacks one app runs when an order is delivered, in the order registered."""

    def __init__(self) -> None:
        self._hooks: dict[str, DeliveredHook] = {}

    def register(self, name: str, hook: DeliveredHook) -> None:
        if name in self._hooks:
            raise ValueError(f"delivered hook {name!r} is already registered")
        self._hooks[name] = hook

    def names(self) -> tuple[str, ...]:
        return tuple(self._hooks)

    def run(self, db: Session, order: Order) -> None:
        for hook in self._hooks.values():
            hook(db, order)

    def install(self, factory: sessionmaker[Session]) -> None:
        """Make every session FACTORY opens from now on run these hooks."""
        info = dict(factory.kw.get("info") or {})
        info[_INFO_KEY] = self
        factory.configure(info=info)


def run_delivered_hooks(db: Session, order: Order) -> None:
    """Run the hooks installed on DB's factory (none when nothing was installed)."""
    hooks = db.info.get(_INFO_KEY)
    if isinstance(hooks, DeliveredHooks):
        hooks.run(db, order)
