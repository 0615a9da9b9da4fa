"""What the portal's forms share."""

import weakref

from django.forms import BoundField


class WeakFormBoundField(BoundField):
    """A bound field that holds its form by a weak reference.

    A form keeps the bound fields it hands out (`form[name]` builds each once), and
    Django's bound field holds its form: every rendered form is a cycle, which only the
    cyclic garbage collector frees. For forms a page builds by the dozen (the yearly
    report grid: forty forms, some 7,000 objects a request) set it as the form's
    `bound_field_class`. The form must outlive its bound fields: hold the form, not only
    `form[name]`."""

    @property
    def form(self):
        return self._form()

    @form.setter
    def form(self, form) -> None:
        self._form = weakref.ref(form)
