"""What the reading and writing routes share: translated messages, form errors,
and answering either a page fragment (for app.js) or a redirect (without JS)."""

from __future__ import annotations

from flask import Response, make_response, redirect, render_template, request

from server.i18n import request_translator
from social.errors import DomainError
from web.auth.session import safe_next

FETCH_HEADER = "X-Requested-With"


def gettext(message: str, **params) -> str:
    return request_translator().gettext(message, **params)


def wants_fragment() -> bool:
    """app.js and our scripts send `X-Requested-With: fetch` and replace a fragment with
    the answer; a plain browser submit gets a full page or a redirect instead."""
    return request.headers.get(FETCH_HEADER) == "fetch"


def errors_of(error: DomainError) -> dict[str, str]:
    """A domain error as {field: translated message}, for the form that caused it."""
    return {error.field or "form": gettext(error.message, **error.params)}


def back_to(default: str) -> str:
    """Where a form asked to go back to (its `next` field), if it is a path of ours."""
    wanted = request.form.get("next") or request.args.get("next")
    return safe_next(wanted) if wanted else default


def fragment_or_redirect(template: str, default_url: str, **context) -> Response:
    if wants_fragment():
        return varying(make_response(render_template(template, **context)))
    return redirect(back_to(default_url), code=303)


def page_or_fragment(page_template: str, fragment_template: str, status: int = 200,
                     **context) -> Response:
    """One URL, two answers: the whole page, or (for a script) just the changing part."""
    return varying(make_response(
        render_page_or_fragment(page_template, fragment_template, **context), status))


def render_page_or_fragment(page_template: str, fragment_template: str, **context) -> str:
    return render_template(fragment_template if wants_fragment() else page_template, **context)


def varying(response: Response) -> Response:
    # Caches must not hand a fragment to a browser asking for the whole page.
    response.vary.add(FETCH_HEADER)
    return response


def here() -> str:
    """The page a form should bring the person back to: this one, or, while answering a
    fragment, the page the form was on."""
    if request.method != "GET":
        return back_to("/")
    return request.full_path.rstrip("?")


def form_values(*names: str) -> dict[str, str]:
    """What the person typed, to fill the form again when it is refused."""
    return {name: request.form.get(name, "") for name in names}
