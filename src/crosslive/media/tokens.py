"""Who may publish: the WHIP endpoint's check of a show's publish token.

The tokens themselves belong to the shows domain (`shows.service.issue_publish_token`, stored
hashed, revoked on re-issue, refused once the show ends); hosts get one through
`POST /api/v1/shows/{ref}/publish-token`. This module turns a valid one into the grant the
media gateway works with.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from crosslive.errors import NotAuthenticated
from crosslive.media import stage
from crosslive.shows import service as shows_service

MISSING = "send the show's publish token as a bearer token"


@dataclass(frozen=True)
class PublishGrant:
    show_id: int
    seller_id: int
    user_id: int
    # A viewer on stage (crosslive.media.stage) publishes with no staff user (user_id 0).
    viewer_id: str = ""

    @property
    def owner(self) -> tuple[int, str]:
        return self.user_id, self.viewer_id


def authorize_publisher(db: Session, show_slug: str, token: str) -> PublishGrant:
    """The grant for a current token of a host of this show.

    401 when the token is missing, unknown, revoked, for another show or its holder no longer
    hosts the show; 409 when the show has ended (the shows service decides both).
    """
    if not token:
        raise NotAuthenticated(MISSING)
    user = shows_service.user_for_publish_token(db, show_slug, token)
    show = shows_service.staff_show(db, user, show_slug)
    return PublishGrant(show_id=show.id, seller_id=show.seller_id, user_id=user.id)


def authorize_stage(
    db: Session, show_slug: str, token: str, viewer_id: str | None, *, publish: bool
) -> PublishGrant:
    """The grant of a viewer's one-time stage pass (crosslive.media.stage): PUBLISH spends
    it; otherwise it must be the pass of the publish being checked or ended."""
    show = stage.show_of_pass(db, token)  # by the pass: two stores may share a slug
    if show is None or show.slug != show_slug:
        raise NotAuthenticated(stage.REFUSED)
    row = stage.authorize(db, show, token, viewer_id, publish=publish)
    return PublishGrant(
        show_id=show.id, seller_id=show.seller_id, user_id=0, viewer_id=row.viewer_id
    )
