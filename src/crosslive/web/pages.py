"""What every server-rendered page shares: templates, the logged-in staff member, CSRF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from markupsafe import Markup
from starlette.datastructures import FormData

from crosslive import viewers
from crosslive.auth import service as auth_service
from crosslive.auth.deps import SESSION_COOKIE
from crosslive.auth.models import StaffUser
from crosslive.db import run_in_transaction
from crosslive.deps import SessionDep
from crosslive.errors import NotAuthenticated
from crosslive.money import format_money
from crosslive.state import state_of
from crosslive.web import admin_language, language

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Inlined in the head of live pages: it starts the video join before any module has loaded.
EARLY_JOIN_JS = Path(__file__).parent / "static" / "media" / "early-join.js"
# Inlined in the head of every page a viewer opens: their identity, before anything else runs.
IDENTITY_JS = Path(__file__).parent / "static" / "shop" / "identity.js"
# Inlined after early-join.js on a live show's page: join the video while the page is still
# loading (player.js takes the offer over). The address is in <meta name="crosslive-join">,
# so the script's text, and so its hash in the page policy, is the same on every page.
JOIN_NOW_JS = (
    "window.crossliveOffer = crossliveJoin.start("
    "document.querySelector('meta[name=\"crosslive-join\"]').content);"
)


class LoginRequired(Exception):
    """Raised by page dependencies; the app answers with a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def inline_scripts() -> dict[str, str]:
    """The scripts pages carry inline, by the template global that holds each. A template
    puts one between <script> and </script> with nothing around it, so the page policy can
    allow exactly these texts by their hashes."""
    read = {
        "early_join_js": compact(EARLY_JOIN_JS.read_text(encoding="utf-8")),
        "identity_js": compact(IDENTITY_JS.read_text(encoding="utf-8")),
        "join_now_js": JOIN_NOW_JS,
    }
    # An HTML parser reads CR LF as LF: hash what the browser will see.
    return {name: text.replace("\r\n", "\n") for name, text in read.items()}


def compact(script: str) -> str:
    """SCRIPT without its comment lines and indentation, for a page's head: the first
    ~14 kB of a response arrive a round trip before the rest (TCP's initial window), and
    the live room's join must start from that first part. Only for scripts with no string
    spanning lines."""
    lines = (line.strip() for line in script.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


class CompiledPages(BytecodeCache):
    """The pages' templates compiled once per process, for every app built in it (each
    app has its own Jinja environment, configured the same: the tests build one a test,
    and compiling a page's templates again cost each page test 0.1-0.3 s). Jinja checks
    each entry against its template's source before using it."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_PAGES = CompiledPages()


def make_templates(scripts: dict[str, str] | None = None) -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    templates.env.bytecode_cache = COMPILED_PAGES
    templates.env.globals["format_money"] = format_money
    language.install(templates.env)
    admin_language.install(templates.env)
    for name, text in (inline_scripts() if scripts is None else scripts).items():
        templates.env.globals[name] = Markup(text)
    return templates


def page_user(request: Request, db: SessionDep) -> StaffUser:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequired(request.url.path)
    try:
        return auth_service.user_for_token(db, token)
    except NotAuthenticated:
        raise LoginRequired(request.url.path) from None


PageUser = Annotated[StaffUser, Depends(page_user)]


async def page_user_off_loop(request: Request) -> StaffUser:
    """`page_user` for async pages: the lookup runs in a worker thread, in its own
    transaction (the staff member comes back detached, with their own columns loaded)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequired(request.url.path)
    factory = state_of(request.app).session_factory
    try:
        return await run_in_transaction(factory, lambda db: auth_service.user_for_token(db, token))
    except NotAuthenticated:
        raise LoginRequired(request.url.path) from None


PageUserOffLoop = Annotated[StaffUser, Depends(page_user_off_loop)]


def csrf_for(request: Request) -> str:
    token = request.cookies.get(SESSION_COOKIE, "")
    return auth_service.csrf_token(state_of(request.app).settings.signing_key(), token)


async def submitted_form(request: Request) -> FormData:
    """The submitted form, read on the event loop so the route itself can be synchronous."""
    return await request.form()


SubmittedForm = Annotated[FormData, Depends(submitted_form)]


async def checked_form(request: Request) -> FormData:
    """The submitted form, after its CSRF token was checked against the login session."""
    form = await request.form()
    token = request.cookies.get(SESSION_COOKIE, "")
    submitted = form.get("csrf_token")
    auth_service.check_csrf(
        state_of(request.app).settings.signing_key(),
        token,
        submitted if isinstance(submitted, str) else "",
    )
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: StaffUser | None = None,
    status_code: int = 200,
    viewer: bool = False,
) -> HTMLResponse:
    """TEMPLATE with CONTEXT; a VIEWER page speaks the viewer's language (web.language),
    the rest (admin pages, the host console) the seller's (web.admin_language)."""
    templates = state_of(request.app).get(Jinja2Templates)
    spoken = language.context_for(request) if viewer else admin_language.context_for(request)
    full = {"user": user, "csrf_token": csrf_for(request), **spoken, **(context or {})}
    response = templates.TemplateResponse(request, template, full, status_code=status_code)
    if viewer:
        language.remember(request, response)
    return response


def fresh_viewer_token(request: Request) -> str:
    """A new identity for a viewer whose browser has none yet (the page keeps the one it has)."""
    return viewers.issue(state_of(request.app).settings.signing_key())[1]


def form_str(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default
