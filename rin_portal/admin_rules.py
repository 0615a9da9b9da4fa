"""The Django admin refuses, in words, what the database's rules refuse.

The admin saves models as they are edited, past the portal's services; the database
guards what must hold (plans/database.py: a report within its plan's years, a
programme's parts in its plan; the models' constraints). A change that breaks such a
rule used to end in a server error: it is now refused with the rule named, and nothing
is saved.
"""

from django.contrib import admin, messages
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


class DataRulesAdmin(admin.ModelAdmin):
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            rule = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
            self.message_user(
                request,
                _("Nothing was saved: the change breaks a rule of the portal's data (%(rule)s).")
                % {"rule": rule},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def deletion_refused(self, obj) -> str | None:
        """Why `obj` may not be deleted in the admin although the database would cascade
        the deletion, in words; None when it may."""
        return None

    def get_deleted_objects(self, objs, request):
        """What `deletion_refused` names is shown as protected: Django then offers no
        button to delete, and says why, both on an object's page and for a selection."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [reason for obj in objs if (reason := self.deletion_refused(obj))]
        return to_delete, model_count, perms_needed, [*protected, *refusals]
