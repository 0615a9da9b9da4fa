"""Rows attached without prefetch_related read like prefetched ones, and never go stale
where Django's prefetched querysets would query again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality, Region
from rin_portal.prefetch import attach_prefetched


def _regions():
    regions = list(Region.objects.order_by("code"))
    attach_prefetched(regions, "municipalities", Municipality.objects.order_by("name"), "region")
    return regions


def test_attached_rows_are_read_without_queries(db):
    regions = _regions()
    with CaptureQueriesContext(connection) as queries:
        counts = {region.code: region.municipalities.count() for region in regions}
        names = [m.name for m in regions[8].municipalities.all()]
        back = {m.region.code for m in regions[8].municipalities.all()}
        assert regions[8].municipalities.exists() and regions[8].municipalities.first()
    assert len(queries) == 0
    assert sum(counts.values()) == Municipality.objects.count() == 212
    assert names == sorted(names) and "Kranj" in names and back == {regions[8].code}


def test_get_and_filter_query_afresh_like_a_prefetched_queryset(db):
    regions = _regions()
    gorenjska = regions[8]
    kranj = Municipality.objects.get(name="Kranj")
    Municipality.objects.filter(pk=kranj.pk).update(name="Kranj (preimenovana)")
    assert gorenjska.municipalities.get(code=kranj.code).name == "Kranj (preimenovana)"
    assert gorenjska.municipalities.filter(name__startswith="Kranj (").count() == 1
    # …and only within the instance's own rows.
    assert not gorenjska.municipalities.filter(name="Ljubljana").exists()
