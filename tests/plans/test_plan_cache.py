"""Plan pages and the progress dashboard are cached whole under the content generation:
fast, personal to each session, and never stale once an edit is saved."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.kinds import KINDS
from plans.models import Chapter
from plans.services import content


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_readers_second_visit_skips_the_plan_queries(client, reviewer, plan):
    client.force_login(reviewer)
    client.get("/")
    first, _ = queries_for(client, plan.get_absolute_url())
    second, _ = queries_for(client, plan.get_absolute_url())
    assert second <= 2 < first  # the user and the content generation


def test_an_edit_shows_at_once(client, reviewer, member, plan, saved):
    chapter = Chapter.objects.create(plan=plan, title="Uvod", body="Staro besedilo.")
    client.force_login(reviewer)
    assert "Staro besedilo." in queries_for(client, plan.get_absolute_url())[1]
    saved(
        content.content_save,
        plan=plan,
        user=member,
        kind=KINDS["chapter"],
        obj=chapter,
        data={"title": "Uvod", "body": "Novo besedilo."},
        version=1,
    )
    page = queries_for(client, plan.get_absolute_url())[1]
    assert "Novo besedilo." in page and "Staro besedilo." not in page


def test_each_session_gets_its_own_page_with_its_own_form_tokens(
    client, member, other_member, plan
):
    from django.test import Client

    Chapter.objects.create(plan=plan, title="Uvod")
    colleague = Client()
    client.force_login(member)
    colleague.force_login(other_member)
    mine = queries_for(client, plan.get_absolute_url())[1]
    theirs = queries_for(colleague, plan.get_absolute_url())[1]
    assert "Member" in mine and "Member" not in theirs
    assert "Colleague" in theirs and "Colleague" not in mine
    token = client.cookies["csrftoken"].value
    assert token != colleague.cookies["csrftoken"].value


def test_a_role_taken_away_takes_the_cached_page_with_it(client, member, plan, saved):
    client.force_login(member)
    queries_for(client, plan.get_absolute_url())
    saved(lambda: member.roles.all().delete())
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_languages_are_cached_apart(client, reviewer, plan):
    client.force_login(reviewer)
    assert "Prioritetni programi" in client.get(plan.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "Priority programmes" in client.get(plan.get_absolute_url()).content.decode()


def test_a_plans_text_drawn_once_serves_every_reader(client, reviewer, plan):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from rin_portal.models import Role

    Chapter.objects.create(plan=plan, title="Uvod", body="Besedilo načrta.")
    client.force_login(reviewer)
    assert "Besedilo načrta." in queries_for(client, plan.get_absolute_url())[1]
    cache.clear()  # not from Redis either: from the worker's memory
    colleague = get_user_model().objects.create_user("colleague")
    Role.objects.create(user=colleague, kind=Role.Kind.REVIEWER)
    other = Client()
    other.force_login(colleague)
    other.get("/")
    with CaptureQueriesContext(connection) as queries:
        page = other.get(plan.get_absolute_url()).content.decode()
    assert "Besedilo načrta." in page
    assert "plans_chapter" not in " ".join(q["sql"] for q in queries)  # not rebuilt


def test_an_edit_outside_the_portals_forms_shows_at_once(client, reviewer, plan, saved):
    """The admin saves models directly; nothing but the data changing is needed."""
    chapter = Chapter.objects.create(plan=plan, title="Uvod", body="Staro besedilo.")
    client.force_login(reviewer)
    assert "Staro besedilo." in queries_for(client, plan.get_absolute_url())[1]
    chapter.body = "Novo besedilo."
    saved(chapter.save)
    assert "Novo besedilo." in queries_for(client, plan.get_absolute_url())[1]


def test_a_signed_in_plan_page_is_kept_by_the_worker_not_in_redis(client, reviewer, plan):
    from django.core.cache import cache

    from rin_portal import caching

    client.force_login(reviewer)
    client.get(plan.get_absolute_url())  # sets the CSRF cookie: not kept
    client.get(plan.get_absolute_url())  # kept
    first, _ = queries_for(client, plan.get_absolute_url())
    assert first == 1  # the generations: the page from the worker's memory
    assert not [key for key in cache._cache if ":page:plan:" in key]  # noqa: SLF001
    caching.forget()  # as another worker: draws it from what it keeps, or reads it again
    again, page_again = queries_for(client, plan.get_absolute_url())
    assert again > 1 and plan.title in page_again


def test_a_plans_text_is_not_drawn_again_after_a_yearly_report_is_saved(
    client, reviewer, confirmed_plan, staff, saved
):
    from plans.progress import services as progress

    saved(Chapter.objects.create, plan=confirmed_plan, title="Uvod", body="Besedilo načrta.")
    client.force_login(reviewer)
    assert "Besedilo načrta." in queries_for(client, confirmed_plan.get_absolute_url())[1]
    saved(progress.report_open, plan=confirmed_plan, year=2017, user=staff)  # a deadline week
    with CaptureQueriesContext(connection) as queries:
        page = client.get(confirmed_plan.get_absolute_url()).content.decode()
    assert "Besedilo načrta." in page  # the page drawn again: the content generation changed
    assert "plans_chapter" not in " ".join(q["sql"] for q in queries)  # its text kept


def test_a_renamed_predecessor_shows_in_its_successors_text(client, reviewer, member, saved):
    from plans.models import Plan
    from plans.services import lifecycle

    from ..builders import make_plan

    earlier = make_plan(slug="prejsnji", title="Prejšnji načrt", first_year=2013, last_year=2016)
    later = make_plan(slug="naslednji", predecessor=earlier)
    client.force_login(reviewer)
    assert "Prejšnji načrt" in queries_for(client, later.get_absolute_url())[1]
    saved(
        lifecycle.plan_update,
        plan=earlier,
        user=member,
        data={"title": "Popravljen naslov"},
        version=Plan.objects.get(pk=earlier.pk).version,
    )
    assert "Popravljen naslov" in queries_for(client, later.get_absolute_url())[1]


def test_a_programme_page_is_drawn_from_kept_data_and_never_stale(client, reviewer, plan, saved):
    """The programme's data is kept under the plans and reference generations: drawn
    again without reading the programme, and at once anew after any change of it, also
    one saved outside the portal's services (as the admin saves)."""
    from django.urls import reverse

    from plans.models import Indicator

    programme = plan.programmes.get()
    url = reverse("plans:programme", args=[plan.slug, programme.pk])
    client.force_login(reviewer)
    client.get("/")
    first, page = queries_for(client, url)
    assert "Število centrov" in page
    again, _ = queries_for(client, url)
    assert again <= first - 8  # the programme, its parts and neighbours are not read
    indicator = Indicator.objects.get(programme=programme)
    indicator.name = "Število odprtih centrov"
    saved(indicator.save)
    assert "Število odprtih centrov" in queries_for(client, url)[1]


def test_an_editors_page_is_drawn_from_kept_data_and_never_stale(
    client, member, plan, gorenjska, saved
):
    """Editors' pages are drawn for each request (their move forms carry their token),
    from the plan's data kept under the plans and reference generations."""
    from django.urls import reverse

    from news.models import NewsItem

    chapter = saved(Chapter.objects.create, plan=plan, title="Uvod", body="Staro besedilo.")
    client.force_login(member)
    client.get("/")
    assert "Staro besedilo." in queries_for(client, plan.get_absolute_url())[1]
    # A change elsewhere, of no plan: the page is drawn again, from the data kept.
    saved(NewsItem.objects.create, region=gorenjska, title="Novica", published_on="2026-11-20")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(plan.get_absolute_url()).content.decode()
    assert "Staro besedilo." in page
    assert reverse("plans:content_edit", args=[plan.slug, "poglavja", chapter.pk]) in page
    assert "plans_chapter" not in " ".join(q["sql"] for q in queries)  # not read again
    chapter.body = "Novo besedilo."
    saved(chapter.save)
    assert "Novo besedilo." in queries_for(client, plan.get_absolute_url())[1]


def test_kept_data_is_never_older_than_the_generations_it_is_kept_under(client, confirmed_plan):
    """The generations are read before the plan (a visitor's request reads nothing else
    before it), so that a change committed between the two reads cannot be kept under
    the newer generations with the older plan."""
    from django.urls import reverse

    programme = confirmed_plan.programmes.get()
    url = reverse("plans:programme", args=[confirmed_plan.slug, programme.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in queries]
    generations = next(i for i, q in enumerate(sql) if "rin_portal_contentgeneration" in q)
    plan_read = next(i for i, q in enumerate(sql) if 'FROM "plans_plan"' in q)
    assert generations < plan_read
