"""The admin in Slovenian shows none of the texts Django's own Slovenian translation
lacks, once our catalogue translates them (rin_portal/admin_strings.py lists them), nor
those our code gives the admin in place of English ones: the task queue's name and
labels (rin_portal/apps.py, admin.py) and the names of permissions (admin_permissions.py).

Walks what an administrator does: the index, the lists of users, the security log and
the tasks, a user's page, adding a user, their password and history, plans and yearly
reports, and deleting the user; then looks for those texts in English in what the
pages show (text, options, titles, labels for screen readers, buttons).

The texts of the admin's JavaScript come from its catalogue (jsi18n), checked whole.
"""

import ast
import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_tasks_db.models import DBTaskResult

from rin_portal import admin_permissions, admin_strings
from rin_portal import security as security_log
from rin_portal.models import Role, SecurityEvent

from .test_admin_users import user_form

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
KEYWORDS = {"gettext_noop": [0], "ngettext_lazy": [0, 1], "pgettext_lazy": [1]}


def english_texts() -> list[str]:
    """The msgids admin_strings.py lists, as written in its source, and our own."""
    tree = ast.parse(Path(admin_strings.__file__).read_text())
    listed = [
        node.args[index].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in KEYWORDS
        for index in KEYWORDS[node.func.id]
    ]
    return [*listed, *our_texts()]


def our_texts() -> list[str]:
    """What our code names in the admin in place of the task queue's English (its app,
    a task's name, run after, traceback) and of permissions' stored names: the msgids."""
    tasks = admin.site._registry[DBTaskResult]
    with translation.override(None):
        return [
            str(text)
            for text in (
                apps.get_app_config("django_tasks_database").verbose_name,
                tasks.task.short_description,
                tasks.display_run_after.short_description,
                tasks.formatted_traceback.short_description,
                *admin_permissions.DEFAULT_NAMES.values(),
            )
        ]


def pattern(msgid: str) -> re.Pattern:
    parts = PLACEHOLDER.split(re.sub(r"<[^>]+>", "", msgid))
    # Field names are shown capitalised ("Priority:", "Po priority").
    body = ".{1,200}?".join(re.escape(part) for part in parts)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE if msgid.islower() else 0)


class ShownTexts(HTMLParser):
    """What a page shows a reader or a screen reader: text, and the attributes read out."""

    ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.running: list[str] = []  # the text as read, across links and emphasis
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping.append(tag)
        attributes = dict(attrs)
        self.texts += [value for name, value in attrs if name in self.ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))
            self.running.append(data)


def shown(response) -> list[str]:
    parser = ShownTexts()
    parser.feed(response.content.decode())
    return [*parser.texts, " ".join(" ".join(parser.running).split())]


def administrator_pages(admin_client, confirmed_plan, staff, language: str) -> list:
    """What each page an administrator opens shows, with its address."""
    from plans.progress import services as progress

    admin_client.cookies["django_language"] = language
    report = progress.report_open(plan=confirmed_plan, year=2017, user=staff)
    security_log.record(SecurityEvent.Kind.LOGIN, None, user=staff)
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="plans.progress.tasks.send_report_notice",
        backend_name="default",
        run_after=timezone.now() + datetime.timedelta(days=1),
    )
    pages = []

    def visit(name, *args, data=None, query=""):
        url = reverse(f"admin:{name}", args=args) + query
        get = data is None
        response = (
            admin_client.get(url, follow=True) if get else admin_client.post(url, data, follow=True)
        )
        assert response.status_code == 200, url
        pages.append((f"{'' if get else 'POST '}{url}", shown(response)))

    role = staff.roles.get()
    staff_row = {"id": role.pk, "kind": Role.Kind.GROUP_MEMBER, "region": confirmed_plan.region_id}
    visit("index")
    visit("auth_user_changelist")
    visit("auth_user_changelist", query="?_facets=True")
    visit("auth_user_changelist", query="?_popup=1")  # a list to pick from
    visit("auth_user_change", staff.pk)
    visit("auth_user_change", staff.pk, data=user_form(staff, [staff_row]))
    for button in ("_continue", "_addanother"):
        visit("auth_user_change", staff.pk, data=user_form(staff, [staff_row], **{button: "1"}))
    visit("auth_user_history", staff.pk)
    visit("auth_user_password_change", staff.pk)
    wrong = {"usable_password": "true", "password1": "a", "password2": "b"}
    visit("auth_user_password_change", staff.pk, data=wrong)
    visit(
        "auth_user_password_change",
        staff.pk,
        data={"usable_password": "false", "unset-password": "1"},
    )
    visit("auth_user_change", staff.pk)  # without a password now
    visit("auth_user_add")
    new_user = {"username": "nova", "usable_password": "false", "password1": "", "password2": ""}
    visit("auth_user_add", data=new_user)
    visit("auth_user_add", data={**new_user, "username": "druga", "_addanother": "1"})
    new = get_user_model().objects.get(username="nova")
    visit("auth_user_history", new.pk)
    visit("auth_user_password_change", new.pk)
    visit("rin_portal_role_add", data={"user": new.pk, "kind": Role.Kind.REVIEWER})
    visit("auth_user_delete", new.pk, data={"post": "yes"})
    visit("auth_user_change", new.pk)  # deleted meanwhile
    visit("index")  # the recent actions
    visit("rin_portal_securityevent_changelist")
    visit("django_tasks_database_dbtaskresult_changelist")
    visit("django_tasks_database_dbtaskresult_change", task.pk)
    visit("plans_plan_changelist")
    visit("plans_plan_change", confirmed_plan.pk)
    visit("plans_plan_history", confirmed_plan.pk)
    visit("plans_yearlyreport_changelist")
    visit("plans_yearlyreport_change", report.pk)
    visit("reports_document_changelist")
    return pages


def english_found(pages: dict) -> set[tuple[str, str]]:
    patterns = [(msgid, pattern(msgid)) for msgid in english_texts()]
    return {
        (msgid, url)
        for url, texts in pages
        for text in texts
        for msgid, found in patterns
        if found.search(text)
    }


def test_the_admin_in_slovenian_shows_none_of_them_in_english(admin_client, confirmed_plan, staff):
    """Fails until locale/sl translates every msgid of rin_portal/admin_strings.py, and
    those of our_texts()."""
    pages = administrator_pages(admin_client, confirmed_plan, staff, "sl")
    english = {}
    for msgid, url in sorted(english_found(pages)):
        english.setdefault(msgid, url)  # a page it is on
    assert not english, "In English:\n" + "\n".join(f"{m!r} on {u}" for m, u in english.items())


def test_the_walk_reaches_every_text_it_checks(admin_client, confirmed_plan, staff):
    """In English each listed text is on a page of the walk: the test above looks where
    they are."""
    pages = administrator_pages(admin_client, confirmed_plan, staff, "en")
    reached = {msgid for msgid, _url in english_found(pages)}
    unreached = sorted(set(english_texts()) - reached)
    assert not unreached, "Not on any page:\n" + "\n".join(map(repr, unreached))


def test_a_model_is_named_after_a_colon_in_the_case_it_is_written_in(admin_client):
    """Django's Slovenian put a model's name after the verb, where Slovenian needs the
    accusative: "Dodaj skupina", "Izberite skupina, ki ga želite spremeniti"."""
    admin_client.cookies["django_language"] = "sl"
    add = shown(admin_client.get(reverse("admin:auth_group_add")))
    listed = shown(admin_client.get(reverse("admin:auth_group_changelist")))
    picked = shown(admin_client.get(reverse("admin:auth_group_changelist") + "?_popup=1"))
    assert "Dodaj: skupina" in add and "Dodaj: skupina" in listed  # title; button
    assert "Izberite, kaj želite spremeniti: skupina" in listed
    assert "Izbira: skupina" in picked
    assert not [text for text in add + listed if "Dodaj skupina" in text]


# The task queue's pages ----------------------------------------------------------------


def test_a_tasks_page_is_named_by_its_task_and_its_times_shown_alike(admin_client):
    """Not "DBTaskResult object (…)", and the time it waits for as the other times are,
    in the portal's time zone, not in UTC's ISO form."""
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="plans.progress.tasks.send_report_notice",
        backend_name="default",
        run_after=timezone.now() + datetime.timedelta(days=1),
    )
    url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk])
    texts = shown(admin_client.get(url))
    assert not [text for text in texts if "DBTaskResult" in text]
    assert f"send_report_notice ({task.pk})" in texts  # the heading
    with translation.override("sl"):
        run_after = formats.localize(timezone.localtime(task.run_after))
    assert run_after in texts and str(task.run_after) not in texts[-1]


# The admin's JavaScript ------------------------------------------------------------------

ADMIN_JS_CATALOGUE = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES"
OUR_JS_LIST = Path(admin_strings.__file__).with_suffix(".js")


def po_string(block: str, keyword: str) -> str:
    found = re.search(rf'^{keyword} ((?:".*"\n?)+)', block, re.MULTILINE)
    if not found:
        return ""
    return "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', found[1]))


def admin_js_msgids() -> list[str]:
    """What Django admin's JavaScript asks gettext for: its catalogue's msgids (with their
    context, as the served catalogue keys them)."""
    blocks = (ADMIN_JS_CATALOGUE / "djangojs.po").read_text(encoding="utf-8").split("\n\n")
    msgids = []
    for block in blocks:
        context, msgid = po_string(block, "msgctxt"), po_string(block, "msgid")
        if msgid:
            msgids.append(f"{context}\x04{msgid}" if context else msgid)
    return msgids


def served_catalogue(client) -> dict:
    """The translations the admin's pages get from its jsi18n script."""
    script = client.get(reverse("admin:jsi18n")).content.decode()
    start = script.index("const newcatalog = ") + len("const newcatalog = ")
    return json.JSONDecoder().raw_decode(script, start)[0]


def test_the_admins_javascript_has_every_text_in_slovenian(admin_client):
    """The user's and the group's choosers of permissions and groups, the calendar and
    the clock: Django's Slovenian catalogue lacks some of the chooser's texts ("Choose all
    %s", "Remove selected %s"…), which then showed in English. Fails until locale/sl has
    a djangojs catalogue translating rin_portal/admin_strings.js."""
    admin_client.cookies["django_language"] = "sl"
    catalogue = served_catalogue(admin_client)
    assert "Today" in catalogue  # Django's own: the catalogue is the Slovenian one
    missing = [msgid for msgid in admin_js_msgids() if msgid not in catalogue]
    assert not missing, "Not in Slovenian:\n" + "\n".join(map(repr, missing))


def test_our_list_of_javascript_texts_spells_them_as_django(admin_client):
    """A msgid not exactly Django's would be translated in vain."""
    listed = re.findall(r"^gettext\('(.*)'\);$", OUR_JS_LIST.read_text(), re.MULTILINE)
    assert listed and not set(listed) - set(admin_js_msgids())
