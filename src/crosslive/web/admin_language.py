"""The seller's language on the admin pages and the host console: the choice made with the
switcher in the admin header (remembered in a cookie), else the browser's Accept-Language,
among i18n.ADMIN_SUPPORTED (en, zh-Hans). Independent of the viewer's language: the pages
translate with the admin catalog (i18n.ADMIN_DOMAIN), not the viewers' one."""

from __future__ import annotations

import gettext
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from crosslive import i18n
from crosslive.errors import DomainError
from crosslive.web import admin_js_strings

COOKIE = i18n.ADMIN_COOKIE
COOKIE_AGE = 365 * 24 * 3600

router = APIRouter(prefix="/admin", include_in_schema=False)


def admin_language(request: Request) -> str:
    """The switcher's remembered choice, else the browser's language, else English."""
    return i18n.choose(
        None,
        request.cookies.get(COOKIE),
        request.headers.get("accept-language"),
        i18n.ADMIN_SUPPORTED,
    )


def admin_catalog(lang: str) -> gettext.NullTranslations:
    return i18n.translations(lang, i18n.ADMIN_DOMAIN)


def context_for(request: Request) -> dict[str, Any]:
    """What an admin page (or the host console) needs to speak the seller's language."""
    lang = admin_language(request)
    catalog = admin_catalog(lang)
    return {
        "lang": lang,
        "dir": i18n.direction(lang),
        "translations": catalog,
        "admin_languages": [(tag, i18n.native_name(tag)) for tag in i18n.ADMIN_SUPPORTED],
        "js_strings": json.dumps(
            {m: catalog.gettext(m) for m in admin_js_strings.MESSAGES}, ensure_ascii=False
        ),
    }


def seller_error(request: Request, exc: DomainError) -> str:
    """EXC's message in the seller's language: the admin catalog, else the viewers' (where the
    domain's errors are translated), else as written."""
    lang = admin_language(request)
    if admin_catalog(lang).gettext(exc.template) != exc.template:
        return seller_text(request, exc.template, **exc.values)
    return exc.translated(i18n.translations(lang))


def seller_text(request: Request, template: str, **values: object) -> str:
    """TEMPLATE (an A_() message with {name} placeholders) in the seller's language, filled
    with VALUES; a value that is itself a seller message (a field's label) is translated too."""
    catalog = admin_catalog(admin_language(request))
    filled = {k: catalog.gettext(v) if isinstance(v, str) else v for k, v in values.items()}
    return catalog.gettext(template).format(**filled)


def _safe_next(target: str) -> str:
    # Back to the page the switch was made on; never to another host.
    return target if target.startswith("/") and not target.startswith("//") else "/admin"


@router.post("/language")
async def switch_language(request: Request) -> RedirectResponse:
    """Remember the seller's language (a preference cookie, nothing stored on the server, so
    it works on the login page too) and go back. An unsupported value changes nothing."""
    form = await request.form()
    target, lang = form.get("next"), form.get("lang")
    response = RedirectResponse(_safe_next(target if isinstance(target, str) else ""), 303)
    chosen = i18n.supported(lang if isinstance(lang, str) else "", i18n.ADMIN_SUPPORTED)
    if chosen:
        response.set_cookie(COOKIE, chosen, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    return response


@pass_context
def _seller_text(context: Context, message: object) -> str:
    """A message held in a variable (a notice, an error, a status label) in the page's
    language: the admin catalog, else the viewers' catalog (order statuses, return reasons and
    the domain's errors are translated there), else as written. The answer is plain text, so
    it is escaped like any other value."""
    text = str(message)
    found = context.get("translations")
    if not isinstance(found, gettext.NullTranslations):
        return text
    translated = found.gettext(text)
    if translated == text:
        translated = i18n.translations(context.get("lang") or i18n.DEFAULT).gettext(text)
    return str(translated)


def install(env: Environment) -> None:
    """`value | tr` translates a message held in a variable (see _seller_text)."""
    env.filters["tr"] = _seller_text
