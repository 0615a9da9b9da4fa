"""Providers are listed (in pickers, the admin, documents) by the name shown."""

from providers.models import Provider


def test_providers_sort_by_the_name_they_are_shown_by(gorenjska):
    seat = gorenjska.municipalities.first()
    for name, short in [
        ("Dom upokojencev Kranj", "DU Kranj"),
        ("Društvo za zdravje Gorenjske", "Društvo DZG"),
        ("Center za socialno delo", ""),
    ]:
        Provider.objects.create(name=name, short_name=short, kind="ngo", seat=seat)
    shown = [str(p) for p in Provider.objects.filter(seat=seat, kind="ngo")]
    assert shown == ["Center za socialno delo", "Društvo DZG", "DU Kranj"]
