from django import template
from django.utils.safestring import SafeString

from rin_portal import choices, formatting, markup

register = template.Library()


@register.filter
def md(text: str | None) -> SafeString:
    """Markdown narrative text, sanitised."""
    return markup.render_markdown(text)


@register.filter
def num(value, decimals=None) -> str:
    return formatting.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def eur(value) -> str:
    return formatting.format_amount(value)


@register.filter
def isodate(value) -> str:
    return formatting.format_date(value)


@register.filter
def label(code, kind: str) -> str:
    """The translated label of a stored choice code: {{ line.source|label:"funding_source" }}."""
    return choices.label(kind, code)


@register.filter
def ids(items) -> str:
    """The ids of a list of plain dicts, as the comma-separated order a move form carries."""
    return ",".join(str(item["id"]) for item in items)
