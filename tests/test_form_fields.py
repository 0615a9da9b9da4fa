"""The grid's fields, drawn in Python (rin filters bs_field and bs_widget), are the same
HTML as Django's widget templates and crispy-forms draw, errors and labels included."""

import re
from decimal import Decimal

from django import forms
from django.utils import translation

from plans.progress.forms import MultipleFileField
from rin_portal.templatetags.rin import bs_field, bs_widget


class Every(forms.Form):
    text = forms.CharField(max_length=20, help_text="Kratko besedilo <b>brez</b> oznak.")
    number = forms.IntegerField(min_value=0, required=False)
    amount = forms.DecimalField(localize=True, required=False, widget=forms.TextInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    status = forms.ChoiceField(
        choices=[("", "– izberite –"), ("a", "Izvedeno & končano"), ("b", "Preloženo")]
    )
    grouped = forms.ChoiceField(
        choices=[("Skupina", [("x", "Iks"), ("y", "Ipsilon")]), ("z", "Zeta")], required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(required=False)


def _same(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def _forms():
    yield Every(initial={"amount": Decimal("1234.5"), "status": "a", "version": 3})
    yield Every(
        data={"text": "", "number": "-1", "amount": "12,5", "note": '<script>"', "status": "q"}
    )


def test_every_widget_is_drawn_as_django_draws_it():
    with translation.override("sl"):
        for form in _forms():
            form.is_valid()
            for bound in form:
                assert _same(bs_widget(bound)) == _same(bound.as_widget()), bound.name


def test_a_field_has_its_label_errors_and_help_linked_for_screen_readers():
    with translation.override("sl"):
        form = Every(data={"text": "", "status": "a"})
        form.is_valid()
        html = bs_field(form["text"])
        required = str(form.errors["text"][0])
    assert '<label for="id_text" class="form-label requiredField">' in html
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert 'aria-describedby="id_text_helptext id_text_error"' in html
    assert '<div id="id_text_error" class="invalid-feedback">' in html
    assert required == "To polje je obvezno." and required in html
    assert "Kratko besedilo <b>brez</b> oznak." not in html  # help text is escaped
