"""A real SMTP server (aiosmtpd) for browser journeys: the app's outbox sender delivers to it
and the test waits for a message on a condition (no polling sleeps)."""

from __future__ import annotations

import re
import threading
from email.message import Message

from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.mail.conftest import Inbox, SmtpServer, free_port

WAIT_S = 15.0


class WaitingInbox(Inbox):
    """Keeps every message and wakes whoever waits for one."""

    def __init__(self) -> None:
        super().__init__()
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._arrived:
            answer = await super().handle_DATA(server, session, envelope)
            self._arrived.notify_all()
        return answer

    def _find(self, to: str, subject: str) -> list[Message]:
        return [m for m in self.messages() if m["To"] == to and subject in str(m["Subject"])]

    def wait_for(self, to: str, subject: str, count: int = 1) -> list[Message]:
        """The first COUNT messages to TO whose subject contains SUBJECT, once they arrived."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._find(to, subject)) >= count, WAIT_S):
                seen = [(m["To"], m["Subject"]) for m in self.messages()]
                raise AssertionError(f"no email {subject!r} to {to}; received {seen}")
        return self._find(to, subject)[:count]


class JourneySmtp(SmtpServer):
    def __init__(self) -> None:
        super().__init__(free_port())
        self.inbox = WaitingInbox()
        self.controller.handler = self.inbox


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            data = part.get_payload(decode=True)
            assert isinstance(data, bytes)
            return data.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def link_after(text: str, label: str) -> str:
    """The path of the link that follows LABEL in an email's text ("- Too small: http...")."""
    found = re.search(re.escape(label) + r": (https?://\S+)", text)
    assert found, f"no link for {label!r} in {text!r}"
    return re.sub(r"^https?://[^/]+", "", found.group(1))
