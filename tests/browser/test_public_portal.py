"""A citizen uses the public portal without an account."""

import re

from django.core import mail
from playwright.sync_api import expect

from reports.models import Document

from .conftest import assert_accessible, follow, log_in


def _link(pattern: str, message) -> str:
    return re.search(pattern, message.body).group(0).split("/", 3)[3]


def test_visitor_reads_a_plan_subscribes_gets_news_and_unsubscribes(
    demo_site, immediate_tasks, new_page
):
    visitor = new_page()
    visitor.goto("/")
    follow(visitor.get_by_role("link", name="Gorenjska", exact=True))
    expect(visitor.get_by_role("heading", level=1, name="Gorenjska")).to_be_visible()
    assert_accessible(visitor)
    follow(visitor.get_by_role("link", name=re.compile("2014–2016")).first)
    assert re.search(r"/regije/gorenjska/rin-gorenjska-2014-2016/$", visitor.url)
    expect(visitor.get_by_role("heading", name="Prioritetni programi")).to_be_visible()
    expect(visitor.get_by_role("link", name="Uredi podatke načrta")).to_have_count(0)
    assert_accessible(visitor)

    follow(visitor.get_by_role("link", name="Dokumenti (PDF)"))
    # rendered by the (immediate) worker
    follow(visitor.get_by_role("button", name="Pripravi PDF", exact=True))
    assert Document.objects.get().status == "ready"
    download = visitor.get_by_role("link", name=re.compile("^Prenesi"))
    download.wait_for(state="visible", timeout=20000)
    with visitor.expect_download() as info:
        download.click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    visitor.goto("/regije/gorenjska/")
    follow(visitor.get_by_role("link", name="Prijava na e-novice"))
    expect(visitor.get_by_label("Gorenjska")).to_be_checked()
    visitor.get_by_label("Vaš e-poštni naslov").fill("obcanka@example.org")
    visitor.get_by_label(re.compile("Strinjam se")).check()
    assert_accessible(visitor)
    follow(visitor.get_by_role("button", name="Prijava na e-novice"))
    expect(visitor.get_by_role("heading", name="Preverite e-pošto")).to_be_visible()
    assert len(mail.outbox) == 1
    visitor.goto("/" + _link(r"http\S+/e-novice/potrditev/\S+/", mail.outbox[0]))
    follow(visitor.get_by_role("button", name="Potrdi prijavo"))  # opening it only asks
    expect(visitor.get_by_role("heading", name="Vaša prijava je potrjena")).to_be_visible()

    member = new_page()
    log_in(member, "demo-clan")
    member.goto("/regije/gorenjska/")
    follow(member.get_by_role("link", name="Objavi novico"))
    member.get_by_label("Naziv").fill("Odprli smo nov medgeneracijski center")
    member.get_by_label("Besedilo").fill("Center je odprt vsak delavnik.")
    follow(member.get_by_role("button", name="Objavi"))
    notice = mail.outbox[-1]
    assert notice.to == ["obcanka@example.org"] and "medgeneracijski center" in notice.subject

    visitor.goto("/")
    expect(
        visitor.get_by_role("link", name="Odprli smo nov medgeneracijski center")
    ).to_be_visible()
    visitor.goto("/" + _link(r"http\S+/e-novice/odjava/\S+", notice))
    follow(visitor.get_by_role("button", name="Odjavi me"))
    expect(visitor.get_by_role("heading", name="Odjavljeni ste")).to_be_visible()
