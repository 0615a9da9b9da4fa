"""An approved report names who submitted and approved it (the privacy notice says so),
but never by a login name: a user without a full name is left unnamed to the public."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from plans.progress import services as progress
from reports import services as documents
from rin_portal.models import Role

from ..builders import fill
from .conftest import content, page_texts, reader, rendered


def _nameless(username: str, kind: str, region):
    user = get_user_model().objects.create_user(username=username, password="geslo-123456")
    Role.objects.create(user=user, kind=kind, region=region)
    return user


@pytest.fixture
def approved(confirmed_plan, gorenjska):
    """The 2017 report, submitted and approved by users who have only a login name."""
    filer = _nameless("j.novak", Role.Kind.CSD_STAFF, gorenjska)
    reviewer = _nameless("m.kranjc", Role.Kind.GROUP_MEMBER, gorenjska)
    report = progress.report_open(plan=confirmed_plan, year=2017, user=filer)
    fill(report, filer)
    progress.report_submit(report=report, user=filer, version=report.version)
    report.refresh_from_db()
    progress.report_approve(report=report, user=reviewer, version=report.version)
    report.refresh_from_db()
    return report


def test_the_public_report_page_shows_no_login_names(client, approved, member):
    url = reverse("public:report", args=["gorenjska", approved.plan.slug, approved.year])
    page = client.get(url).content.decode()
    assert "Odprli smo dva centra." in page
    assert "j.novak" not in page and "m.kranjc" not in page
    client.force_login(member)  # the group, who know their colleagues' logins, see them
    own = client.get(f"{approved.plan.get_absolute_url()}porocila/2017/").content.decode()
    assert "j.novak" in own and "m.kranjc" in own


def test_the_public_pdf_shows_no_login_names(approved):
    document = documents.document_request_yearly(
        user=None, report=approved, format="pdf", audience="public"
    )
    text = " ".join(page_texts(reader(content(rendered(document)))))
    assert "Odprli smo dva centra." in text
    assert "j.novak" not in text and "m.kranjc" not in text
