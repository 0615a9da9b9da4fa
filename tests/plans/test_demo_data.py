import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from plans.models import Plan, Programme, YearlyReport
from rin_portal.models import Role


@override_settings(DEMO_MODE=True)
def test_demo_content_has_both_gorenjska_rins_and_velenje(db):
    call_command("load_demo_data")
    first = Plan.objects.get(slug="rin-gorenjska-2014-2016")
    second = Plan.objects.get(slug="rin-gorenjska-2017-2020")
    velenje = Plan.objects.get(slug="strategija-velenje-2014-2020")
    assert first.status == "confirmed" and first.confirmed_on.isoformat() == "2014-06-30"
    assert second.status == "draft" and second.predecessor == first
    assert second.coordinator.former_name == "Center za socialno delo Kranj"
    assert velenje.confirmed_on.isoformat() == "2014-05-15" and velenje.chapters.count() == 7
    assert velenje.programmes.count() == 5
    assert not Programme.objects.filter(plan__in=[first, second], is_example=False).exists()
    assert YearlyReport.objects.filter(plan=first, status="approved").count() == 2


@override_settings(DEMO_MODE=True)
def test_demo_users_one_per_role_and_printed(db, capsys):
    call_command("load_demo_data")
    out = capsys.readouterr().out
    for username in ("demo-clan", "demo-csd", "demo-ministrstvo", "demo-admin"):
        assert username in out
    assert set(
        Role.objects.filter(user__username__startswith="demo-").values_list("kind", flat=True)
    ) == {
        "group_member",
        "csd_staff",
        "reviewer",
        "administrator",
    }


@override_settings(DEMO_MODE=True)
def test_loading_demo_twice_changes_nothing(db):
    call_command("load_demo_data")
    counts = (Plan.objects.count(), Programme.objects.count(), YearlyReport.objects.count())
    call_command("load_demo_data")
    assert (Plan.objects.count(), Programme.objects.count(), YearlyReport.objects.count()) == counts


@override_settings(DEMO_MODE=False, DEBUG=False)
def test_demo_data_is_refused_outside_demo_mode(db):
    with pytest.raises(CommandError, match="never exist in production"):
        call_command("load_demo_data")
    assert not Plan.objects.exists()


@override_settings(DEMO_MODE=True)
def test_the_velenje_strategys_example_notes_speak_of_a_strategy(db):
    """Its measures said "ni besedilo dejanskega načrta" (not the text of a real plan)."""
    call_command("load_demo_data")
    velenje = Plan.objects.get(slug="strategija-velenje-2014-2020")
    descriptions = [p.description for p in velenje.programmes.all()]
    assert all("ni besedilo dejanske strategije" in text for text in descriptions)
    assert not any("načrt" in text for text in descriptions)
