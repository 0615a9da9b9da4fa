"""Narrative text: Markdown written by users, rendered to HTML that can hold no active content.

Only a small set of structural tags survives sanitising (nh3, the Rust `ammonia`
library). Scripts, styles, images, iframes, forms, event handlers and every URL
scheme but http, https and mailto are removed; raw HTML typed into the text is
escaped before Markdown sees it, so it shows as text.
"""

from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


@lru_cache(maxsize=2048)
def _render(text: str, unlinked: tuple[str, ...] = ()) -> str:
    html = markdown.markdown(
        escape(text), extensions=["tables", "sane_lists"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_unlinking(unlinked) if unlinked else None,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _unlinking(paths: tuple[str, ...]):
    """An nh3 attribute filter that drops the address of links to the portal's own pages
    under `paths` (given whole, with the SITE_URL, or without a host): their text stays,
    as plain text."""
    site = urlsplit(settings.SITE_URL).netloc

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "a" and attribute == "href":
            url = urlsplit(value)
            if url.netloc in ("", site) and f"{url.path.rstrip('/')}/".startswith(paths):
                return None
        return value

    return keep


def render_markdown(text: str | None, *, unlinked: tuple[str, ...] = ()) -> SafeString:
    """`text` as sanitised HTML. Links to the portal's pages under the paths `unlinked`
    (pages that are gone, such as a draft's taken back from public consultation) are
    shown as their text alone."""
    if not text:
        return mark_safe("")
    html = _render(text.replace("\x00", ""), tuple(unlinked))
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 above
