"""The portal's template engine: Django's, but a rendered context lets go of its data.

Django's `make_context` pushes a view's context onto a `RequestContext` as a
`ContextDict`, which refers back to the context: a cycle that holds everything the view
passed (a yearly report's entries, forms, values). Only the cyclic garbage collector
frees it, so every page left its whole context behind, and every few report pages one
request paid a pause of some 25 ms to free the others' (docs/performance.md). Once the
template has rendered, the context is emptied, and the data goes when the view lets go
of it.
"""

from django.template.backends.django import DjangoTemplates as DjangoBackend
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.django import reraise
from django.template.context import make_context
from django.template.exceptions import TemplateDoesNotExist


class Template(DjangoTemplate):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            html = self.template.render(context)
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)
        context.dicts.clear()  # (after a failure, kept: the error page may show it)
        return html


class DjangoTemplates(DjangoBackend):
    def from_string(self, template_code):
        return Template(super().from_string(template_code).template, self)

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)
