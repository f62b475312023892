"""Imports every domain's tables so `Base.metadata` is complete (Alembic, test set-up)."""

from crosslive.answers import models as answers_models
from crosslive.auth import models as auth_models
from crosslive.captions import models as captions_models
from crosslive.catalog import models as catalog_models
from crosslive.chat import models as chat_models
from crosslive.consultations import models as consultations_models
from crosslive.content import models as content_models
from crosslive.db import Base
from crosslive.events import action_viewers
from crosslive.events import models as events_models
from crosslive.fit import models as fit_models
from crosslive.insights import (  # noqa: F401  (hooks)
    advice_days,
    answer_days,
    effect_hooks,
    line_days,
    line_hooks,
    show_chat,
    show_days,
    watcher_groups,
)
from crosslive.landed import models as landed_models
from crosslive.live import models as live_models
from crosslive.mail import models as mail_models
from crosslive.markets import models as markets_models
from crosslive.media import models as media_models
from crosslive.media import session_days, show_peaks, show_viewers
from crosslive.orders import models as orders_models
from crosslive.replays import models as replays_models
from crosslive.returns import followup_models
from crosslive.returns import models as returns_models
from crosslive.reviews import models as reviews_models
from crosslive.scheduler import models as scheduler_models
from crosslive.shows import models as shows_models
from crosslive.translation import models as translation_models
from crosslive.trust import models as trust_models

DOMAIN_MODELS = (
    answers_models,
    auth_models,
    captions_models,
    catalog_models,
    chat_models,
    consultations_models,
    content_models,
    events_models,
    action_viewers,
    fit_models,
    landed_models,
    live_models,
    mail_models,
    markets_models,
    orders_models,
    replays_models,
    returns_models,
    followup_models,
    reviews_models,
    media_models,
    session_days,
    show_peaks,
    show_viewers,
    line_days,
    answer_days,
    show_days,
    show_chat,
    advice_days,
    watcher_groups,
    scheduler_models,
    shows_models,
    translation_models,
    trust_models,
)
metadata = Base.metadata

__all__ = ["DOMAIN_MODELS", "metadata"]
