"""The permissions on a user's and a group's page are named in the reader's language.

Django stores their names in English ("Can add yearly report") and the admin showed
them so to the administrators, who read Slovenian, between the app and the model it
translated. They are named when shown now; the database keeps what Django stored.
(That "Can add" itself reads in Slovenian once translated: test_admin_slovenian.py.)
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from rin_portal.text import slovenian_sort_key

GROUP_ADD = reverse("admin:auth_group_add")


def options(client, url: str, select: str) -> list[str]:
    page = client.get(url).content.decode()
    found = re.search(rf'<select[^>]*id="{select}"[^>]*>(.*?)</select>', page, re.DOTALL)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", found[1])]


def test_in_slovenian_a_permission_names_its_model_in_slovenian(admin_client):
    admin_client.cookies["django_language"] = "sl"
    labels = [
        label
        for label in options(admin_client, GROUP_ADD, "id_permissions")
        if label.startswith("Načrti | letno poročilo | ")
    ]
    assert len(labels) == 4  # add, change, delete, view
    assert not [label for label in labels if "yearly report" in label]
    assert all(label.endswith(" letno poročilo") for label in labels)
    assert Permission.objects.filter(name="Can add yearly report").exists()  # as stored


def test_in_english_the_permissions_read_as_django_names_them(admin_client):
    admin_client.cookies["django_language"] = "en"
    url = reverse("admin:auth_user_change", args=[get_user_model().objects.get().pk])
    shown = options(admin_client, url, "id_user_permissions")
    assert sorted(shown) == sorted(str(permission) for permission in Permission.objects.all())


def test_the_permissions_are_listed_in_the_order_of_their_names(admin_client):
    """By app and model as the reader reads them: in Slovenian "Avtentikacija in
    avtorizacija" first, not the admin's log ("Upravljanje"), first by the app labels."""
    admin_client.cookies["django_language"] = "sl"
    labels = options(admin_client, GROUP_ADD, "id_permissions")
    assert labels == sorted(labels, key=slovenian_sort_key)
    assert labels[0].startswith("A")


def test_staff_who_only_see_a_users_permissions_read_them_named_alike(member):
    """Staff who are not superusers see a user's permissions, not edit them."""
    helpdesk = get_user_model().objects.create_user("helpdesk", is_staff=True)
    helpdesk.user_permissions.set(Permission.objects.filter(codename__in=["change_user"]))
    member.user_permissions.set(Permission.objects.filter(codename="change_plan"))
    client = Client()
    client.force_login(helpdesk)
    client.cookies["django_language"] = "sl"
    page = client.get(reverse("admin:auth_user_change", args=[member.pk])).content.decode()
    shown = re.search(r'field-permissions_shown.*?<div class="readonly">(.*?)</div>', page, re.S)
    assert shown[1].startswith("Načrti | načrt | ") and "plan" not in shown[1]
    assert 'name="user_permissions"' not in page
