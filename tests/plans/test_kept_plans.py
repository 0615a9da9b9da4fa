"""Each process keeps the plans its pages look up (plans/reference.py): a plan page
drawn again does not read the plan, and yet shows a change of it at once, whoever made
it and however."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Region
from plans import reference
from plans.models import Plan


def plan_reads(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q for q in queries if 'FROM "plans_plan"' in q["sql"]]
    return len(reads), response.content.decode()


def rename(plan, title):
    return lambda: Plan.objects.filter(pk=plan.pk).update(title=title)


def test_a_plan_page_drawn_again_does_not_read_the_plan(client, member, plan, saved):
    saved(rename(plan, plan.title))  # the fixtures' writes, committed
    client.force_login(member)
    url = f"{plan.get_absolute_url()}zgodovina/"
    assert plan_reads(client, url)[0] == 1
    assert plan_reads(client, url)[0] == 0


def test_a_change_made_anyhow_shows_at_once(client, member, plan, saved):
    client.force_login(member)
    url = f"{plan.get_absolute_url()}zgodovina/"
    saved(rename(plan, "Prvi naslov"))
    assert "Prvi naslov" in plan_reads(client, url)[1]
    saved(rename(plan, "Drugi naslov"))  # as the admin or a script would: no service
    reads, page = plan_reads(client, url)
    assert "Drugi naslov" in page and "Prvi naslov" not in page
    assert reads == 1


def test_a_renamed_region_shows_at_once_on_a_kept_plan(client, plan, saved):
    saved(lambda: Plan.objects.filter(pk=plan.pk).update(confirmed_on="2026-01-15"))
    url = f"/regije/gorenjska/{plan.slug}/"
    assert "Gorenjska" in client.get(url).content.decode()
    saved(lambda: Region.objects.filter(pk=plan.region_id).update(name="Zgornja Gorenjska"))
    assert "Zgornja Gorenjska" in client.get(url).content.decode()


def test_code_that_changed_the_plan_sees_its_change_before_the_commit(
    plan, saved, django_capture_on_commit_callbacks
):
    saved(rename(plan, "Pred spremembo"))
    assert reference.plan(plan.slug).title == "Pred spremembo"
    with django_capture_on_commit_callbacks(execute=False):  # not committed yet
        rename(plan, "Po spremembi")()
        assert reference.plan(plan.slug).title == "Po spremembi"


def test_each_caller_gets_its_own_copy(plan, saved):
    saved(rename(plan, "Naslov"))
    first = reference.plan(plan.slug)
    first.title = "Spremenjeno, ne shranjeno"
    assert reference.plan(plan.slug).title == "Naslov"
