import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_pages_carry_the_content_security_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))
)
def test_templates_hold_no_inline_script_style_or_handler(path):
    text = (TEMPLATES / path).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=\"", text), "inline style attribute"
    assert not re.search(r"\son[a-z]+=\"", text), "inline event handler"


def test_unknown_host_gets_400(db):
    response = Client(HTTP_HOST="napadalec.example").get("/")
    assert response.status_code == 400


def test_the_error_page_for_an_unknown_host_carries_the_security_headers(db):
    response = Client(HTTP_HOST="napadalec.example").get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_not_found_page_is_slovenian_and_plain(client, db):
    response = client.get("/ni-take-strani/")
    page = response.content.decode()
    assert response.status_code == 404 and "Strani ni mogoče najti" in page
    assert "Traceback" not in page and "urlpatterns" not in page


def test_server_error_page_hides_the_traceback(db, settings):
    from django.contrib.auth.decorators import login_not_required
    from django.urls import path

    from rin_portal import urls

    @login_not_required
    def boom(request):
        raise RuntimeError("skrivnost v sledi sklada")

    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {"urlpatterns": [path("boom/", boom)] + urls.urlpatterns, "handler500": urls.handler500},
    )
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500 and "Prišlo je do napake" in page
    assert "skrivnost" not in page and "Traceback" not in page
