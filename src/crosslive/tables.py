"""Imports every domain's tables so `Base.metadata` is complete (Alembic, test set-up)."""

from crosslive.auth import models as auth_models
from crosslive.catalog import models as catalog_models
from crosslive.db import Base
from crosslive.markets import models as markets_models
from crosslive.media import models as media_models
from crosslive.shows import models as shows_models
from crosslive.trust import models as trust_models

DOMAIN_MODELS = (
    auth_models,
    catalog_models,
    markets_models,
    media_models,
    shows_models,
    trust_models,
)
metadata = Base.metadata

__all__ = ["DOMAIN_MODELS", "metadata"]
