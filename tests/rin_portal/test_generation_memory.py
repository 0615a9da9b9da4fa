"""What each process keeps in memory under the content generation: pages and the users
of signed-in requests. Nothing kept may outlive a change of data."""

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from municipalities.models import Region
from rin_portal import generation

pytestmark = pytest.mark.django_db(transaction=True)

PLANS = "/letna-porocila/"  # for signed-in users only


def test_memory_forgets_everything_when_the_generation_changes():
    memory = generation.Memory(budget=10)
    memory.put(1, "plan", "page")
    assert memory.get(1, "plan") == "page"
    assert memory.get(2, "plan") is None
    memory.put(2, "home", "page")
    assert memory.get(1, "plan") is None and memory.get(2, "plan") is None


def test_memory_lets_the_least_recently_used_go_first():
    memory = generation.Memory(budget=10, cost=len)
    memory.put(1, "a", b"1234")
    memory.put(1, "b", b"1234")
    memory.get(1, "a")  # used again: "b" is now the oldest
    memory.put(1, "c", b"1234")
    assert memory.get(1, "a") == b"1234"
    assert memory.get(1, "b") is None
    assert memory.get(1, "c") == b"1234"
    memory.put(1, "huge", b"x" * 11)  # larger than all of it: not kept
    assert memory.get(1, "huge") is None and memory.get(1, "c") == b"1234"


def test_a_request_reads_the_generation_once_and_again_after_its_own_change():
    request_started.send(sender=None)
    try:
        with CaptureQueriesContext(connection) as queries:
            first = generation.current()
            assert generation.current() == first
        assert len(queries) == 1
        Region.objects.filter(slug="gorenjska").update(name_en="Upper Carniola")
        assert generation.current() not in (None, first)
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_each_read_sees_changes_of_other_processes():
    first = generation.current()
    with connection.cursor() as cursor:  # as another server would, after its change
        cursor.execute(f"UPDATE {generation.TABLE} SET value = value + 1 WHERE id = 1")  # noqa: S608
    assert generation.current() == first + 1


def test_a_signed_in_page_served_from_memory_costs_one_query(client, member, plan):
    client.force_login(member)
    client.get(plan.get_absolute_url())  # sets the CSRF cookie: not kept
    client.get(plan.get_absolute_url())  # kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200 and plan.title in response.content.decode()
    assert [q["sql"] for q in queries] == [
        f"SELECT id, value FROM {generation.TABLE} WHERE id IN {generation.ALL}"
    ]


def test_a_deactivated_user_is_signed_out_at_their_next_request(client, member, plan):
    client.force_login(member)
    assert client.get(plan.get_absolute_url()).status_code == 200
    get_user_model().objects.filter(pk=member.pk).update(is_active=False)
    response = client.get(plan.get_absolute_url())  # a draft: asked to sign in again
    assert response.status_code == 302 and "/prijava/" in response["Location"]
    response = client.get(PLANS)
    assert response.status_code == 302 and "/prijava/" in response["Location"]


def test_a_changed_password_signs_out_other_sessions_though_the_user_is_kept(member, plan):
    old_session, new_session = Client(), Client()
    old_session.force_login(member)
    assert old_session.get(plan.get_absolute_url()).status_code == 200
    member.set_password("novo-geslo-za-clana")
    member.save()
    new_session.force_login(member)  # keeps the user with the new password in memory
    assert new_session.get(plan.get_absolute_url()).status_code == 200
    response = old_session.get(plan.get_absolute_url())  # a draft: asked to sign in again
    assert response.status_code == 302 and "/prijava/" in response["Location"]
    response = old_session.get(PLANS)
    assert response.status_code == 302 and "/prijava/" in response["Location"]
    assert new_session.get(plan.get_absolute_url()).status_code == 200


def test_a_change_of_data_keeps_signed_in_users_and_their_roles(client, member, plan):
    client.force_login(member)
    client.get(plan.get_absolute_url())
    Region.objects.filter(slug="gorenjska").update(name_en="Upper Carniola")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(plan.get_absolute_url())  # drawn again: the data changed
    assert response.status_code == 200
    read = " ".join(q["sql"] for q in queries)
    assert '"auth_user"' not in read and "rin_portal_role" not in read


def test_a_removed_role_takes_effect_at_the_next_request_though_users_are_kept(
    client, member, plan
):
    from rin_portal.models import Role

    client.force_login(member)
    assert client.get(plan.get_absolute_url()).status_code == 200
    Role.objects.filter(user=member).delete()  # as an administrator would, elsewhere
    assert client.get(plan.get_absolute_url()).status_code == 404  # a draft: not public


def test_memory_with_a_maximum_age_forgets_what_it_kept_longer(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(generation.time, "monotonic", lambda: clock[0])
    memory = generation.Memory(budget=10, max_age=300)
    memory.put(1, "user", "kept")
    clock[0] += 299
    assert memory.get(1, "user") == "kept"
    clock[0] += 2
    assert memory.get(1, "user") is None
    memory.put(1, "user", "kept again")  # starts a new age
    assert memory.get(1, "user") == "kept again"


def test_a_superuser_flag_taken_away_takes_the_national_scope_with_it(client, gorenjska):
    from tests.builders import make_plan

    draft = make_plan(region=gorenjska, slug="osnutek")  # only its region or national roles
    user = get_user_model().objects.create_user("boss", password="pw-123456789x")
    user.is_superuser = True
    user.save()
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 200
    user.is_superuser = False
    user.save()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_role_moved_without_signals_moves_the_users_scope(client, member, pomurska, gorenjska):
    from rin_portal.models import Role
    from tests.builders import make_plan

    draft = make_plan(region=gorenjska, slug="osnutek")
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 200
    Role.objects.filter(user=member).update(region=pomurska)  # no post_save
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_page_kept_when_renewing_failed_is_drawn_again_within_the_hour(
    client, gorenjska, monkeypatch
):
    from django.core.cache import cache
    from django.db import DatabaseError

    from plans.models import Chapter, Plan
    from tests.builders import make_plan

    plan = make_plan(
        region=gorenjska, slug="objavljen", status="confirmed", confirmed_on="2017-06-30"
    )
    chapter = Chapter.objects.create(plan=plan, title="Uvod", body="Prej.")
    url = f"/regije/gorenjska/{plan.slug}/"
    clock = [1000.0]
    monkeypatch.setattr(generation.time, "monotonic", lambda: clock[0])
    assert "Prej." in client.get(url).content.decode()

    def fail(*args, **kwargs):
        raise DatabaseError("the database went away")

    with monkeypatch.context() as failing:
        failing.setattr(generation, "_write", fail)
        Chapter.objects.filter(pk=chapter.pk).update(body="Potem.")
        Plan.objects.filter(pk=plan.pk).update(revision=plan.revision + 1)
    cache.clear()  # what Redis held has expired
    clock[0] += 3601
    assert "Potem." in client.get(url).content.decode()
