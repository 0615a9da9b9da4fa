"""What people wrote is Slovenian: on a page in English it is marked so, for screen
readers to read it with a Slovenian voice (WCAG 3.1.2 Language of Parts)."""

import re

from django.urls import reverse

from plans.models import Chapter


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
