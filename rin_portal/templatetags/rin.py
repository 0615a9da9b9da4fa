from django import forms, template
from django.conf import settings
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from rin_portal import choices, formatting, markup

register = template.Library()


@register.simple_tag
def content_lang() -> SafeString:
    """` lang="sl"` for an element that holds what people wrote (plans, reports and news
    are written in Slovenian) on a page in another language, so that a screen reader
    reads it with a Slovenian voice (WCAG 3.1.2); nothing on a Slovenian page."""
    language = get_language() or settings.LANGUAGE_CODE
    return SafeString(
        "" if language == settings.LANGUAGE_CODE else f' lang="{settings.LANGUAGE_CODE}"'
    )


@register.simple_tag
def by_kind(plan, rin_text: str, strategy_text: str) -> str:
    """The text a plan speaks of itself in, by its kind (`plans.kinds.by_kind`):
    {% by_kind plan _("Close the plan") _("Close the strategy") %}. Only for texts
    without placeholders: Django looks a template's _("…%(x)s…") up with the percent
    signs doubled, so it is never translated; those stay in {% blocktranslate %}."""
    from plans.kinds import by_kind as choose

    # A plain string, as {% translate %} gives (a translated literal stays safe, so it
    # is not escaped either); e-mails render without autoescaping, which would pass on
    # the lazy object.
    return str(choose(plan, rin_text, strategy_text))


@register.filter
def md(text: str | None) -> SafeString:
    """Markdown narrative text, sanitised."""
    return markup.render_markdown(text)


@register.filter
def ends_sentence(text) -> bool:
    """Whether a label already ends with a full stop, question or exclamation mark or colon:
    the error summary then puts no colon of its own after it ("…odpira?: To polje …")."""
    return str(text).rstrip().endswith((".", "?", "!", ":", "…"))


@register.filter
def num(value, decimals=None) -> str:
    return formatting.format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def eur(value, cents=False) -> str:
    """An amount; `{{ amount|eur:table.cents }}` in a table where some amounts have cents."""
    return formatting.format_amount(value, bool(cents))


@register.filter
def isodate(value) -> str:
    return formatting.format_date(value)


@register.filter
def label(code, kind: str) -> str:
    """The translated label of a stored choice code: {{ line.source|label:"funding_source" }}."""
    return choices.label(kind, code)


@register.filter
def unit_of(indicator) -> str:
    """An indicator's unit as shown beside its values ("%", "EUR", "persons", or the name
    of an "other unit"), for an Indicator or the plain data of one."""
    from plans.models import Indicator

    if isinstance(indicator, dict):
        return Indicator.unit_shown(indicator.get("unit", ""), indicator.get("unit_label", ""))
    return indicator.unit_display


@register.filter
def is_first_of(pk, order: str) -> bool:
    """Whether `pk` comes first in a move form's order (`ids`): its ↑ moves nothing."""
    return str(order).split(",", 1)[0] == str(pk)


@register.filter
def is_last_of(pk, order: str) -> bool:
    """Whether `pk` comes last in a move form's order: its ↓ moves nothing."""
    return str(order).rsplit(",", 1)[-1] == str(pk)


@register.filter
def ids(items) -> str:
    """The ids of a list of plain dicts, as the comma-separated order a move form carries."""
    return ",".join(str(item["id"]) for item in items)


# Widgets drawn by `bs_field`, with the Bootstrap class crispy-forms gives them (crispy
# also adds the widget's class name, lower-cased).
_WIDGET_CLASSES = {
    forms.Select: "form-select",
    forms.Textarea: "form-control",
    forms.TextInput: "form-control",
    forms.NumberInput: "form-control",
    forms.FileInput: "form-control",
}


@register.filter
def bs_field(bound) -> SafeString:
    """A select, text, number or file field in the Bootstrap 5 markup crispy-forms draws
    (label, widget, errors, help), written in Python: a yearly report's grid has hundreds
    of fields, and crispy's templates cost ~0.7 ms each. Other widgets go to crispy."""
    widget = bound.field.widget
    kind = next((k for k in type(widget).__mro__ if k in _WIDGET_CLASSES), None)
    if kind is None or isinstance(widget, forms.SelectMultiple):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    css = f"{type(widget).__name__.lower()} {_WIDGET_CLASSES[kind]}"
    if widget.attrs.get("class"):
        css = f"{widget.attrs['class']} {css}"
    auto_id = bound.auto_id
    described = [f"{auto_id}_helptext"] if bound.help_text else []
    attrs = {"class": f"{css} is-invalid" if bound.errors else css}
    if bound.errors:
        described.append(f"{auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    required = bound.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        bound.id_for_label,
        " requiredField" if required else "",
        bound.label,
        SafeString('<span class="asteriskField">*</span>') if required else "",
    )
    errors = ""
    if bound.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            auto_id,
            format_html_join(
                "",
                '<span id="error_{}_{}"><strong>{}</strong></span>',
                ((n, auto_id, error) for n, error in enumerate(bound.errors, 1)),
            ),
        )
    help_text = ""
    if bound.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', auto_id, bound.help_text
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        auto_id,
        label,
        bs_widget(bound, attrs),
        errors,
        help_text,
    )


@register.filter
def bs_widget(bound, attrs: dict | None = None) -> SafeString:
    """`bound.as_widget(attrs)`, the same HTML as Django's widget templates draw, written
    in Python for text, number, hidden, file, textarea and single select widgets (the
    template engine costs ~0.4 ms a widget; a report grid has 800). Others go to Django."""
    widget = bound.field.widget
    if type(widget) not in _PYTHON_WIDGETS and not isinstance(widget, forms.FileInput):
        return bound.as_widget(attrs=attrs)
    if isinstance(widget, forms.ClearableFileInput):
        return bound.as_widget(attrs=attrs)
    if bound.field.localize:
        widget.is_localized = True  # as as_widget() does
    attrs = bound.build_widget_attrs(attrs or {}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name, value, flat = context["name"], context["value"], _attrs(context["attrs"])
    if isinstance(widget, forms.Textarea):
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name, flat, value or "")
    if isinstance(widget, forms.Select):
        options = []
        for group_name, group, _index in context["optgroups"]:
            items = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in group),
            )
            options.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, items)
                if group_name
                else items
            )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flat, SafeString("".join(options))
        )
    if value is None:
        return format_html('<input type="{}" name="{}"{}>', context["type"], name, flat)
    return format_html(
        '<input type="{}" name="{}" value="{}"{}>', context["type"], name, str(value), flat
    )


_PYTHON_WIDGETS = {
    forms.TextInput,
    forms.NumberInput,
    forms.HiddenInput,
    forms.Textarea,
    forms.Select,
}


def _attrs(attrs: dict) -> SafeString:
    """HTML attributes as Django's django/forms/widgets/attrs.html writes them."""
    return SafeString(
        "".join(
            f" {name}" if value is True else f' {name}="{escape(str(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )
