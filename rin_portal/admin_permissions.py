"""Permissions named in the reader's language on the admin's user and group pages.

Django stores a permission's name in the database, in English, when `migrate` creates it
("Can add yearly report", django/contrib/auth/management), and the admin lists
permissions by that name: the administrators, who read Slovenian, chose among
"Načrti | letno poročilo | Can add yearly report". The database is left as it is; the
name is built when shown, from the model's verbose name in the active language and the
action, as Django builds it, but through gettext. A permission a model declares itself
(Meta.permissions) keeps its stored name, translated if our catalogue has it.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext, gettext_lazy

from .text import slovenian_sort_key

# Django's four default permissions ("Can %s %s" % (action, verbose_name)).
DEFAULT_NAMES = {
    "add": gettext_lazy("Can add %(model)s"),
    "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"),
    "view": gettext_lazy("Can view %(model)s"),
}


def permission_name(permission: Permission) -> str:
    """The permission's name in the active language."""
    model = permission.content_type.model_class()
    if model is not None:
        opts = model._meta
        for action in opts.default_permissions:
            if action in DEFAULT_NAMES and permission.codename == get_permission_codename(
                action, opts
            ):
                return DEFAULT_NAMES[action] % {"model": opts.verbose_name}
    return gettext(permission.name)


def permission_label(permission: Permission) -> str:
    """As Django labels it (app | model | name), every part in the active language."""
    return f"{permission.content_type} | {permission_name(permission)}"


class ByLabel(ModelChoiceIterator):
    """Choices in the order of their labels: the translated app and model names no longer
    follow the English app labels the database orders by."""

    def __iter__(self):
        choices = list(super().__iter__())
        yield from sorted(choices, key=lambda choice: slovenian_sort_key(str(choice[1])))


class PermissionsField(forms.ModelMultipleChoiceField):
    iterator = ByLabel

    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


class TranslatedPermissionsAdmin(admin.ModelAdmin):
    """A user's or a group's permissions to choose from, named in the reader's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)
