"""The content generation, which keys cached pages, changes after every committed change."""

import pytest
from django.db import transaction

from municipalities.models import Region
from rin_portal import generation
from rin_portal.models import ContentGeneration, SecurityEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_committed_change_renews_the_generation_even_without_model_signals():
    before = generation.current()
    Region.objects.filter(slug="gorenjska").update(name_en="Upper Carniola")  # no signals
    after = generation.current()
    assert after is not None and after != before


def test_a_change_renews_it_once_it_commits_not_before():
    before = generation.current()
    with transaction.atomic():
        Region.objects.filter(slug="gorenjska").update(name_en="Upper Carniola")
        Region.objects.filter(slug="koroska").update(name_en="Carinthia")
        assert generation.current() == before
    assert generation.current() != before


def test_a_rolled_back_change_keeps_it():
    before = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Region.objects.filter(slug="gorenjska").update(name_en="Upper Carniola")
        raise RuntimeError
    assert generation.current() == before


def test_writes_no_cached_page_shows_keep_it(client):
    before = generation.current()
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN_FAILED, username="nekdo")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert generation.current() == before


def test_adding_to_a_many_to_many_relation_renews_it():
    from providers.models import Provider

    provider = Provider.objects.create(name="Zavod Sonček", kind=Provider.Kind.NGO)
    municipality = Region.objects.get(slug="gorenjska").municipalities.first()
    before = generation.current(), generation.reference()
    provider.municipalities_served.add(municipality)  # SQLite: INSERT OR IGNORE INTO
    after = generation.current(), generation.reference()
    assert after[0] != before[0] and after[1] != before[1]


def test_a_subscription_to_regions_news_keeps_it():
    from django.utils import timezone

    from news.models import Subscriber

    subscriber = Subscriber.objects.create(
        email="bralka@example.org",
        consented_at=timezone.now(),
        consent_text="Soglašam.",
    )
    before = generation.current()
    subscriber.regions.add(Region.objects.get(slug="gorenjska"))
    assert generation.current() == before


def test_a_removed_generation_comes_back_new():
    before = generation.current()
    ContentGeneration.objects.all().delete()
    after = generation.current()
    assert after is not None and after != before


def test_a_change_of_data_keeps_the_people_generation():
    before = generation.people()
    Region.objects.filter(slug="gorenjska").update(name_en="Upper Carniola")
    assert generation.people() == before


def test_a_change_of_a_user_or_a_role_renews_both(member):
    from django.contrib.auth import get_user_model

    from rin_portal.models import Role

    content, people = generation.current(), generation.people()
    get_user_model().objects.filter(pk=member.pk).update(first_name="Nova")
    assert generation.current() != content and generation.people() != people
    content, people = generation.current(), generation.people()
    Role.objects.filter(user=member).delete()
    assert generation.current() != content and generation.people() != people


def test_a_removed_people_generation_comes_back_new():
    content, people = generation.current(), generation.people()
    ContentGeneration.objects.filter(pk=generation.PEOPLE).delete()
    assert generation.people() not in (None, people)
    assert generation.current() not in (None, content)
