"""The plan page is cached for readers, keyed by the plan's revision: fast and never stale."""

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
    assert second <= 3 < first  # user, plan, roles


def test_an_edit_shows_at_once(client, reviewer, member, plan):
    chapter = Chapter.objects.create(plan=plan, title="Uvod", body="Staro besedilo.")
    client.force_login(reviewer)
    assert "Staro besedilo." in queries_for(client, plan.get_absolute_url())[1]
    content.content_save(
        plan=plan,
        user=member,
        kind=KINDS["chapter"],
        obj=chapter,
        data={"title": "Uvod", "body": "Novo besedilo."},
        version=1,
    )
    page = queries_for(client, plan.get_absolute_url())[1]
    assert "Novo besedilo." in page and "Staro besedilo." not in page


def test_editors_never_get_a_cached_page_with_someone_elses_form_tokens(
    client, member, other_member, plan
):
    Chapter.objects.create(plan=plan, title="Uvod")
    client.force_login(member)
    client.get(plan.get_absolute_url())
    count, page = queries_for(client, plan.get_absolute_url())
    assert count > 3 and "csrfmiddlewaretoken" in page


def test_languages_are_cached_apart(client, reviewer, plan):
    client.force_login(reviewer)
    assert "Prioritetni programi" in client.get(plan.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "Priority programmes" in client.get(plan.get_absolute_url()).content.decode()
