"""Editing a plan's parts: no lost update, history, reasons after confirmation."""

import datetime
from decimal import Decimal

import pytest

from plans.kinds import KINDS
from plans.models import Area, ChangeRecord, Chapter, Indicator, Plan, Programme
from plans.services import content, lifecycle
from plans.services.errors import EditConflict, PlanError, ReasonRequired


def _edit_chapter(plan, user, chapter, version, body):
    chapter.body = body
    return content.content_save(
        plan=plan,
        user=user,
        kind=KINDS["chapter"],
        obj=chapter,
        data={"title": chapter.title, "body": body},
        version=version,
    )


@pytest.fixture
def chapter(plan):
    return Chapter.objects.create(plan=plan, title="Uvod", body="Prvotno besedilo.")


def test_save_over_the_loaded_version_records_before_and_after(plan, member, chapter):
    _edit_chapter(plan, member, chapter, 1, "Novo besedilo.")
    chapter.refresh_from_db()
    assert chapter.body == "Novo besedilo." and chapter.version == 2
    record = ChangeRecord.objects.get(plan=plan, action="updated")
    assert record.changes["body"] == {"before": "Prvotno besedilo.", "after": "Novo besedilo."}
    assert record.user == member


def test_second_save_from_the_same_version_is_a_conflict_and_keeps_the_first(
    plan, member, other_member, chapter
):
    _edit_chapter(plan, member, Chapter.objects.get(pk=chapter.pk), 1, "Besedilo prve članice.")
    with pytest.raises(EditConflict) as conflict:
        _edit_chapter(plan, other_member, Chapter.objects.get(pk=chapter.pk), 1, "Besedilo kolega.")
    assert conflict.value.current.body == "Besedilo prve članice."
    chapter.refresh_from_db()
    assert chapter.body == "Besedilo prve članice." and chapter.version == 2


def test_every_change_raises_the_plan_revision(plan, member, chapter):
    before = Plan.objects.get(pk=plan.pk).revision
    _edit_chapter(plan, member, chapter, 1, "Spremenjeno.")
    assert Plan.objects.get(pk=plan.pk).revision == before + 1


def test_confirmed_plan_refuses_edits(confirmed_plan, member):
    chapter = Chapter.objects.create(plan=confirmed_plan, title="Uvod")
    with pytest.raises(PlanError, match="začnite spremembo"):
        _edit_chapter(confirmed_plan, member, chapter, 1, "Ne sme se shraniti.")
    assert Chapter.objects.get(pk=chapter.pk).body == ""


def _amended(plan, user):
    return lifecycle.plan_amend(
        plan=plan,
        user=user,
        version=plan.version,
        reason="budget_change",
        reason_text="Manj sredstev.",
    )


def _change_target(plan, user, indicator, value, **reason):
    data = {name: getattr(indicator, name) for name in KINDS["indicator"].fields}
    data["target_value"] = Decimal(value)
    return content.content_save(
        plan=plan,
        user=user,
        kind=KINDS["indicator"],
        obj=indicator,
        data=data,
        version=indicator.version,
        **reason,
    )


def test_after_confirmation_a_target_change_needs_a_reason(confirmed_plan, member):
    plan = _amended(confirmed_plan, member)
    indicator = Indicator.objects.get(programme__plan=plan)
    with pytest.raises(ReasonRequired):
        _change_target(plan, member, indicator, "3")
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal(4)


def test_target_change_with_a_reason_is_saved_and_the_reason_recorded(confirmed_plan, member):
    plan = _amended(confirmed_plan, member)
    indicator = Indicator.objects.get(programme__plan=plan)
    _change_target(plan, member, indicator, "3", reason="changed_needs", reason_text="Manj potreb.")
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal(3)
    record = ChangeRecord.objects.get(plan=plan, entity="plans.indicator")
    assert record.reason == "changed_needs" and record.reason_text == "Manj potreb."
    assert record.changes["target_value"] == {"before": "4", "after": "3"}


def test_text_changes_of_a_confirmed_plan_need_no_reason(confirmed_plan, member):
    plan = _amended(confirmed_plan, member)
    chapter = Chapter.objects.create(plan=plan, title="Uvod")
    _edit_chapter(plan, member, chapter, 1, "Popravljeno besedilo.")
    assert Chapter.objects.get(pk=chapter.pk).body == "Popravljeno besedilo."


def test_deleting_with_a_stale_version_is_a_conflict(plan, member, other_member, chapter):
    _edit_chapter(plan, other_member, Chapter.objects.get(pk=chapter.pk), 1, "Kolega je spremenil.")
    with pytest.raises(EditConflict):
        content.content_delete(
            plan=plan,
            user=member,
            kind=KINDS["chapter"],
            obj=Chapter.objects.get(pk=chapter.pk),
            version=1,
        )
    assert Chapter.objects.filter(pk=chapter.pk).exists()


def test_an_area_with_programmes_cannot_be_deleted(plan, member):
    area = Area.objects.get(plan=plan)
    with pytest.raises(PlanError, match="premaknite ali izbrišite programe"):
        content.content_delete(
            plan=plan, user=member, kind=KINDS["area"], obj=area, version=area.version
        )


def test_moving_applies_only_to_the_order_the_user_saw(plan, member):
    first = Chapter.objects.create(plan=plan, title="Prvo", position=0)
    second = Chapter.objects.create(plan=plan, title="Drugo", position=1)
    content.content_move(
        plan=plan,
        user=member,
        kind=KINDS["chapter"],
        obj=second,
        up=True,
        seen_order=[first.pk, second.pk],
    )
    assert list(plan.chapters.order_by("position").values_list("title", flat=True)) == [
        "Drugo",
        "Prvo",
    ]
    with pytest.raises(content.OrderChanged):
        content.content_move(
            plan=plan,
            user=member,
            kind=KINDS["chapter"],
            obj=second,
            up=False,
            seen_order=[first.pk, second.pk],
        )
    assert list(plan.chapters.order_by("position").values_list("title", flat=True)) == [
        "Drugo",
        "Prvo",
    ]


def test_new_parts_go_to_the_end(plan, member):
    kind = KINDS["chapter"]
    for title in ("A", "B"):
        content.content_save(
            plan=plan, user=member, kind=kind, obj=Chapter(), data={"title": title, "body": ""}
        )
    assert list(plan.chapters.order_by("position").values_list("title", flat=True)) == ["A", "B"]


def test_a_programme_with_progress_cannot_be_deleted(plan, member):
    from ..builders import make_entry, make_report

    programme = plan.programmes.get()
    make_entry(make_report(plan, 2017), programme)
    with pytest.raises(PlanError, match="letnem izvajanju"):
        content.content_delete(
            plan=plan,
            user=member,
            kind=KINDS["programme"],
            obj=programme,
            version=programme.version,
        )


def test_confirmation_keeps_a_snapshot_and_makes_the_plan_public(plan, member):
    lifecycle.plan_confirm(
        plan=plan,
        user=member,
        version=plan.version,
        confirmed_on=datetime.date(2017, 6, 30),
        confirmed_by="RKS",
    )
    plan.refresh_from_db()
    assert plan.status == "confirmed" and plan.is_public and plan.confirmation_recorded_by == member
    snapshot = plan.snapshots.get()
    assert snapshot.data["areas"][0]["programmes"][0]["title"] == "Medgeneracijski center"


def test_two_confirmations_from_the_same_version_apply_once(plan, member, other_member):
    """Both members loaded the draft; the second click arrives after the first was saved."""
    version, stale = plan.version, Plan.objects.get(pk=plan.pk)
    lifecycle.plan_confirm(
        plan=plan,
        user=member,
        version=version,
        confirmed_on=datetime.date(2017, 6, 30),
        confirmed_by="RKS",
    )
    with pytest.raises(EditConflict):
        lifecycle.plan_confirm(
            plan=stale,
            user=other_member,
            version=version,
            confirmed_on=datetime.date(2017, 7, 1),
            confirmed_by="RKS",
        )
    assert Plan.objects.get(pk=plan.pk).snapshots.count() == 1


def test_amendment_needs_a_reason(confirmed_plan, member):
    with pytest.raises(PlanError):
        lifecycle.plan_amend(
            plan=confirmed_plan,
            user=member,
            version=confirmed_plan.version,
            reason="",
            reason_text="",
        )
    assert Plan.objects.get(pk=confirmed_plan.pk).status == "confirmed"


def test_successor_copies_structure_and_offers_last_achieved_values_as_baselines(
    confirmed_plan, member
):
    from plans.models import IndicatorValue

    from ..builders import make_entry, make_report

    programme = confirmed_plan.programmes.get()
    indicator = programme.indicators.get()
    entry = make_entry(make_report(confirmed_plan, 2019), programme)
    IndicatorValue.objects.create(entry=entry, indicator=indicator, achieved_value=Decimal(3))
    successor = lifecycle.plan_start_successor(
        predecessor=confirmed_plan,
        user=member,
        title="RIN 2021–2024",
        first_year=2021,
        last_year=2024,
    )
    assert successor.status == "draft" and successor.predecessor == confirmed_plan
    new_programme = successor.programmes.get()
    assert (new_programme.first_year, new_programme.last_year) == (2021, 2024)
    new_indicator = new_programme.indicators.get()
    assert (new_indicator.baseline_value, new_indicator.baseline_year) == (Decimal(3), 2019)
    assert not new_programme.funding_lines.exists()


def test_a_plan_gets_one_successor_and_its_page_leads_to_it(client, confirmed_plan, member):
    """A second click on "Create draft" does not start a second copy of the next period."""
    from django.urls import reverse

    confirmed_plan.title = "RIN 2017–2020 za Gorenjsko"
    confirmed_plan.save()
    client.cookies["django_language"] = "en"
    client.force_login(member)
    url = reverse("plans:successor", args=[confirmed_plan.slug])
    form = client.get(url).context["form"]
    assert form.initial["title"] == "RIN 2021–2024 za Gorenjsko"  # the new period
    data = {"title": form.initial["title"], "first_year": 2021, "last_year": 2024}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200 and "already started" in str(again.context["form"].errors)
    assert confirmed_plan.successors.count() == 1
    page = client.get(url).content.decode()
    assert confirmed_plan.successors.get().get_absolute_url() in page


def test_programme_years_must_fit_the_plan(plan):
    from plans.forms import ProgrammeForm

    area = plan.areas.get()
    form = ProgrammeForm(
        {"area": area.pk, "title": "Program", "first_year": 2015, "last_year": 2025, "version": ""},
        plan=plan,
        instance=Programme(),
    )
    assert not form.is_valid()
    assert "first_year" in form.errors and "last_year" in form.errors


def test_a_funding_line_clashing_with_one_added_meanwhile_is_refused_in_words(plan, member):
    """The form checks the source and year; a colleague may add the same line after that
    check. The service refuses it with the model's message rather than failing."""
    from plans.models import FundingLine

    programme = plan.programmes.get()
    with pytest.raises(PlanError):
        content.content_save(
            plan=plan,
            user=member,
            kind=KINDS["funding"],
            obj=FundingLine(),
            data={"source": "ministry", "year": 2017, "planned_amount": Decimal(5)},
            parent=programme,
        )
    assert programme.funding_lines.count() == 1


def test_a_change_landing_after_a_confirmation_is_refused(plan, member):
    """The view saw a draft; the plan was confirmed before the save's transaction: the
    save reads the plan's row again, locked, and refuses."""
    chapter = Chapter.objects.create(plan=plan, title="Uvod", body="Staro.")
    Plan.objects.filter(pk=plan.pk).update(status="confirmed", confirmed_on="2017-06-01")
    with pytest.raises(PlanError):
        content.content_save(
            plan=plan,  # as the view read it: a draft
            user=member,
            kind=KINDS["chapter"],
            obj=chapter,
            data={"title": "Uvod", "body": "Novo."},
            version=1,
        )
    assert Chapter.objects.get(pk=chapter.pk).body == "Staro."
