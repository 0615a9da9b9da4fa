"""The admin's widgets that JavaScript writes, read in Slovenian in the browser.

Fails until locale/sl has the djangojs catalogue of rin_portal/admin_strings.js (and the
names of permissions of rin_portal/admin_permissions.py translated).
"""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .conftest import follow

PASSWORD = "geslo-za-brskalnik-123"
# The words of the chooser's and of the permissions' English texts.
ENGLISH = re.compile(r"\b(Choose|Chosen|Available|Remove|click to clear|Type into|Can \w+)\b")


def test_a_users_choosers_and_calendar_read_in_slovenian(page, transactional_db):
    account = get_user_model().objects.create_superuser("skrbnik", "s@example.org", PASSWORD)
    page.goto(f"/admin/login/?next=/admin/auth/user/{account.pk}/change/")
    page.locator("#id_username").fill("skrbnik")
    page.locator("#id_password").fill(PASSWORD)
    follow(page.locator("input[type=submit]"))

    choosers = page.locator(".selector")
    expect(choosers).to_have_count(2)  # groups, permissions
    read_out = page.eval_on_selector_all(
        ".selector [aria-label], .selector [placeholder]",
        "nodes => nodes.map(n => n.getAttribute('aria-label') || n.getAttribute('placeholder'))",
    )
    texts = [*choosers.all_inner_texts(), *read_out]
    assert not [found[0] for text in texts if (found := ENGLISH.search(text))]
    expect(page.locator("#id_user_permissions_add_all")).to_have_text(
        re.compile(r"uporabniška dovoljenja")
    )

    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_contain_text("Danes")
    page.locator("#clocklink0").click()
    expect(page.locator("#clockbox0")).to_contain_text("Polnoč")
