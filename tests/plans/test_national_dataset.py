from django.contrib.auth import get_user_model

from plans.models import Plan, YearlyReport
from plans.national_dataset import national_dataset_create, national_dataset_delete


def test_every_region_gets_two_confirmed_plans_with_eight_years_of_progress(db):
    counts = national_dataset_create(programmes_per_plan=3)
    assert counts["plans"] == 24 and counts["programmes"] == 72 and counts["indicators"] == 360
    assert (
        YearlyReport.objects.filter(
            plan__slug__startswith="nacionalni-niz", status="approved"
        ).count()
        == 96
    )
    assert set(
        Plan.objects.filter(slug__startswith="nacionalni-niz").values_list("status", flat=True)
    ) == {"confirmed"}
    assert counts["providers"] >= 12 * 35 and counts["users"] >= 600


def test_delete_removes_the_set(db):
    national_dataset_create(programmes_per_plan=1)
    national_dataset_delete()
    assert not Plan.objects.filter(slug__startswith="nacionalni-niz").exists()
    assert not get_user_model().objects.filter(username__startswith="nacionalni-niz-").exists()
