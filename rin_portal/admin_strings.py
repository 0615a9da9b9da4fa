"""Texts of Django's admin (and of the task queue's admin) that Django's own Slovenian
translation lacks, listed so that `makemessages` puts them in our catalogue.

The administrators read the admin in Slovenian, and saw these in English ("Select
varnostni dogodek to view" on the security log, "Reset password" on a user's page,
"Task Results" on the index). Our catalogue (LOCALE_PATHS) takes precedence over
Django's and the apps', so a text translated there is shown in Slovenian; but
`makemessages` keeps only the msgids it finds in our code, so they are written out here.
Nothing imports this module. Each msgid must be exactly Django's (the typographic
quotes too), with its context where Django uses pgettext, and plural where it uses
ngettext. `tests/rin_portal/test_admin_slovenian.py` checks the pages they are on.

Texts that are not gettext calls at all cannot be translated this way; our code gives
the admin its own in their place: the task queue's app name and its labels of a task's
name, id, run after and traceback (rin_portal/apps.py, TaskResultAdmin in admin.py), and
the names of permissions, which Django stores in English (admin_permissions.py). Left in
English: the search icon's "Search" and the part of the password form's help Django
joins in English. The texts of the admin's JavaScript: admin_strings.js.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

ADMIN_STRINGS = (
    # Titles and buttons naming a model: Django's Slovenian puts the model's name where
    # Slovenian needs another case ("Dodaj skupina", "Izberite občina, ki ga želite
    # spremeniti"); ours names it after a colon, as in the nominative it is.
    gettext_noop("Add %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    # Lists (django.contrib.admin): a view-only list's title (security log, changes,
    # documents, tasks; named as above), the filter's counts, the checkboxes' labels for screen readers.
    gettext_noop("Select %s to view"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    # The index: the tables' headings and the recent actions, for screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    # Forms and what saving says.
    gettext_noop("Error:"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    # An object's history.
    gettext_noop(
        "This object doesn’t have a change history. It probably wasn’t added via this admin site."
    ),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    ngettext_lazy("entry", "entries"),
    # Users and their passwords (django.contrib.auth and the admin's password page).
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Reset password"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("Set password"),
    gettext_noop("Set password: %s"),
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such as "
        "Single Sign-On or LDAP."
    ),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Password-based authentication was disabled."),
    # The task queue (django_tasks, django_tasks_db): its list and a task's page.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    gettext_noop("enqueued at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
)
