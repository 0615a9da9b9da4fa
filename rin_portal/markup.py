"""Narrative text: Markdown written by users, rendered to HTML that can hold no active content.

Only a small set of structural tags survives sanitising (nh3, the Rust `ammonia`
library). Scripts, styles, images, iframes, forms, event handlers and every URL
scheme but http, https and mailto are removed; raw HTML typed into the text is
escaped before Markdown sees it, so it shows as text.
"""

from functools import lru_cache

import markdown
import nh3
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
def _render(text: str) -> str:
    html = markdown.markdown(
        escape(text), extensions=["tables", "sane_lists"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    if not text:
        return mark_safe("")
    return mark_safe(_render(text.replace("\x00", "")))  # noqa: S308 - sanitised by nh3 above
