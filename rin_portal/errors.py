"""Error pages in the visitor's language (Slovenian by default), never with a traceback.

They render without the request's context processors: a failing database or session
must not make the error page fail too.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PAGES = {
    400: (_("Bad request"), _("The request could not be read. Check the address and try again.")),
    403: (
        _("Access not allowed"),
        _("You may not open this page. If you think you should, ask the portal's administrator."),
    ),
    404: (_("Page not found"), _("There is no page at this address, or it is not open to you.")),
    500: (
        _("Something went wrong"),
        _("An error occurred on the server. It was recorded; please try again in a few minutes."),
    ),
    405: (
        _("This is not a page"),
        _(
            "This address takes a form sent from the portal's pages (for example after "
            "signing in again), not a visit. Go back to the page the form was on, and send "
            "it again from there."
        ),
    ),
    "csrf": (
        _("The form has expired"),
        _(
            "The form was drawn before you last signed in, or cookies are switched off. Go "
            "back with your browser's Back button: what you typed is usually still there. "
            "Copy it, reload that page, and send the form again."
        ),
    ),
}


def _page(key, status: int) -> HttpResponse:
    title, message = PAGES[key]
    context = {"title": title, "message": message, "language": get_language() or "sl"}
    return HttpResponse(render_to_string("error.html", context), status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(400, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """A visitor who is not signed in is offered the sign-in page (and brought back),
    since the page may be open to them once they are; a signed-in user is told no."""
    if request.method in ("GET", "HEAD") and _signed_out(request):
        return redirect_to_login(request.get_full_path())
    return _page(403, 403)


def _signed_out(request: HttpRequest) -> bool:
    try:
        return not request.user.is_authenticated
    except Exception:  # noqa: BLE001 (an error page must not fail on the session)
        return False


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(404, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(500, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page("csrf", 403)


class MethodNotAllowedMiddleware:
    """Django answers a visit to a form's address (a POST-only view) with an empty 405:
    the error page instead, which says what happened. Its Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = _page(405, 405)
            if "Allow" in response:
                page["Allow"] = response["Allow"]
            return page
        return response
