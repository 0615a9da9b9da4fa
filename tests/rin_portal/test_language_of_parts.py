"""What people wrote is Slovenian: on a page in English it is marked so, for screen
readers to read it with a Slovenian voice (WCAG 3.1.2 Language of Parts)."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from plans.models import Chapter
from plans.progress import services as progress

from ..builders import fill


def test_an_english_page_marks_the_plans_text_slovenian(client, member, plan):
    Chapter.objects.create(plan=plan, title="Uvod", body="Besedilo uvoda.")
    client.force_login(member)
    client.cookies["django_language"] = "en"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert re.search(r'<h2 [^>]*lang="sl"[^>]*>1\. Uvod</h2>', page)
    assert re.search(r'<div class="narrative" lang="sl"><p>Besedilo uvoda\.</p>', page)
    # The interface around it stays English, unmarked.
    assert re.search(r'<h2 class="h3" id="areas-title">Areas of unmet need</h2>', page)


def test_a_slovenian_page_needs_no_marks(client, member, plan):
    Chapter.objects.create(plan=plan, title="Uvod", body="Besedilo uvoda.")
    client.force_login(member)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert page.count('lang="sl"') == 2  # <html>, and the language switch's "SL"


def test_an_english_programme_page_marks_its_title_and_activities(client, member, plan):
    programme = plan.programmes.get()
    client.force_login(member)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("plans:programme", args=[plan.slug, programme.pk])).content.decode()
    assert re.search(r'<h1 class="h2" lang="sl">[\d.]+ ' + re.escape(programme.title), page)
    assert '<h2 class="h4" id="activities-title">Activities</h2>' in page


def test_lists_mark_plan_titles_slovenian_on_english_pages(client, confirmed_plan):
    client.cookies["django_language"] = "en"
    for url in ["/", reverse("plans:list"), reverse("public:region", args=["gorenjska"])]:
        page = client.get(url).content.decode()
        assert re.search(r'lang="sl">' + re.escape(confirmed_plan.title), page), url


class _TextLanguages(HTMLParser):
    """Each text node of a page with the language it is in (its nearest `lang`)."""

    VOID = frozenset({"area", "base", "br", "col", "hr", "img", "input", "link", "meta", "wbr"})
    UNSPOKEN = frozenset({"script", "style", "title", "option", "textarea"})

    def __init__(self):
        super().__init__()
        self.open, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data):
        if data.strip() and not any(tag in self.UNSPOKEN for tag, _ in self.open):
            language = next((lang for _, lang in reversed(self.open) if lang), None)
            where = " ".join(tag for tag, _ in self.open[-3:])
            self.texts.append((data.strip(), language, where))


def unmarked(page: str, written: list[str]) -> set[str]:
    """What of `written` the page shows outside an element marked Slovenian, and where."""
    parser = _TextLanguages()
    parser.feed(page)
    return {
        f"{text} (in {where})"
        for text in written
        for node, lang, where in parser.texts
        if text in node and lang != "sl"
    }


def test_every_page_of_a_plan_and_its_reports_marks_what_people_wrote(
    client, confirmed_plan, member, staff, reviewer
):
    """Plan, area, goal, programme and indicator names and the reports' texts, wherever an
    English page shows them: the plan, its history, its reports, a report's page, grid and
    review, the dashboard and the public pages."""
    programme = confirmed_plan.programmes.get()
    indicator = programme.indicators.get()
    filed = progress.report_open(plan=confirmed_plan, year=2017, user=staff)
    open_report = progress.report_open(plan=confirmed_plan, year=2018, user=staff)
    fill(filed, staff)
    progress.report_submit(report=filed, user=staff, version=filed.version)
    written = [
        confirmed_plan.title,
        programme.area.title,
        programme.title,
        indicator.name,
        "Več dnevnih centrov",  # the goal
        "Odprli smo dva centra.",
    ]
    plan_url = confirmed_plan.get_absolute_url()
    pages = {
        member: [
            plan_url,
            f"{plan_url}zgodovina/",
            f"{plan_url}programi/{programme.pk}/",
            f"{plan_url}porocila/",
            f"{plan_url}porocila/2017/",
            f"{plan_url}porocila/2017/pregled/",
            reverse("plans:list"),
        ],
        staff: [f"{plan_url}porocila/{open_report.year}/uredi/", "/letna-porocila/"],
        reviewer: ["/letna-porocila/", "/dokumenti/", plan_url],
        None: ["/", "/regije/gorenjska/", f"/regije/gorenjska/{confirmed_plan.slug}/"],
    }
    missed = {}
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        client.cookies["django_language"] = "en"
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if found := unmarked(response.content.decode(), written):
                missed[url] = found
    assert missed == {}, "\n".join(f"{url}: {sorted(found)}" for url, found in missed.items())
