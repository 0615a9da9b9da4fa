"""Evidence files are accepted by their content, never by their name."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from plans.models import EvidenceFile
from plans.progress import services
from plans.progress.evidence import evidence_error, sniff

from .conftest import entries_of, fill


def _zip(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


ACCEPTED = {
    "pdf": (b"%PDF-1.7\n", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    "gif": (b"GIF89a\x01\x00", "image/gif"),
    "webp": (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    "tiff": (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "application/msword"),
    "docx": (
        _zip(**{"[Content_Types].xml": "<Types/>", "word__document.xml": "<w/>"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        _zip(**{"[Content_Types].xml": "<Types/>", "xl__workbook.xml": "<x/>"}),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "odt": (
        _zip(mimetype="application/vnd.oasis.opendocument.text", content__xml="<x/>"),
        "application/vnd.oasis.opendocument.text",
    ),
}
REFUSED = {
    "html": b"<!DOCTYPE html><script>alert(1)</script>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
    "exe": b"MZ\x90\x00\x03\x00\x00\x00",
    "zip": _zip(**{"program.exe": "MZ"}),
    "text": b"Zapisnik seje",
    "empty": b"",
}


@pytest.mark.parametrize("kind", ACCEPTED)
def test_accepts_pdf_images_and_office_documents(kind):
    content, content_type = ACCEPTED[kind]
    found = sniff(io.BytesIO(content), f"dokument.{kind}")
    assert found is not None and found.content_type == content_type


@pytest.mark.parametrize("kind", REFUSED)
def test_refuses_anything_else_whatever_its_name(kind):
    assert sniff(io.BytesIO(REFUSED[kind]), "dokaz.pdf") is None


@override_settings(RIN_EVIDENCE_MAX_MB=1)
def test_refuses_a_file_over_the_size_limit():
    upload = SimpleUploadedFile("velik.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    assert evidence_error(upload) == "“velik.pdf” is larger than 1 MB."


def test_evidence_is_not_published_with_an_approved_report(client, report, staff, member, reviewer):
    [entry] = entries_of(report)
    upload = SimpleUploadedFile("dokaz.pdf", ACCEPTED["pdf"][0])
    services.report_save(report=report, user=staff, entries=[], uploads={entry.pk: [upload]})
    evidence = EvidenceFile.objects.get()
    url = reverse("progress:evidence", args=[report.plan.slug, 2017, evidence.pk])
    assert client.get(url).status_code == 302  # a draft: a visitor is asked to sign in
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    services.report_approve(report=report, user=member, version=report.version)
    # The report is public now, but its evidence may name people: visitors get neither
    # the file nor a link to it (they are asked to sign in); those who follow the plan's
    # progress still do.
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    page = client.get(reverse("progress:report", args=[report.plan.slug, 2017])).content.decode()
    assert "dokaz.pdf" not in page
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
