"""The security log in the admin says who did what and when in the reader's language:
events store a code and its values, put into words when shown."""

from django.urls import reverse
from django.utils import translation

from rin_portal.models import Role, SecurityEvent

LOG = reverse("admin:rin_portal_securityevent_changelist")


def test_a_role_change_reads_in_the_language_of_the_reader(admin_client, member, pomurska):
    with translation.override("en"):  # logged while an English page was being served
        Role.objects.create(user=member, kind=Role.Kind.CSD_STAFF, region=pomurska)
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(LOG).content.decode()
    assert "granted: Coordinating CSD staff (Pomurska)" in page
    admin_client.cookies["django_language"] = "sl"
    page = admin_client.get(LOG).content.decode()
    assert "Zaposleni v koordinacijskem CSD (Pomurska)" in page
    assert "Coordinating CSD staff" not in page


def test_an_event_page_says_who_what_and_when(admin_client, member):
    member.is_staff = True
    member.save()
    event = SecurityEvent.objects.filter(user=member).latest("id")
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(
        reverse("admin:rin_portal_securityevent_change", args=[event.pk])
    ).content.decode()
    assert "may open the admin" in page and "member" in page and "role changed" in page
    assert "detail_code" not in page and "flags" not in page


def test_events_logged_before_codes_show_their_text_as_stored(admin_client):
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.ROLE_CHANGED,
        username="ana",
        detail="revoked: ana: Ministry reviewer (by admin)",
    )
    page = admin_client.get(LOG).content.decode()
    assert "revoked: ana: Ministry reviewer (by admin)" in page


def test_a_file_name_is_shown_as_it_is(admin_client, member):
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.EXPORT, user=member, username="member", detail="programi-rin.xlsx"
    )
    assert "programi-rin.xlsx" in admin_client.get(LOG).content.decode()
