"""A change's description is kept once drawn (its record never changes): kept per
language, so the history reads in the language of whoever opens it."""

from django.urls import reverse

from plans.services import lifecycle


def test_the_history_reads_in_each_readers_language(client, member, plan, saved):
    saved(
        lifecycle.plan_update,
        plan=plan,
        user=member,
        data={"summary": "Nov povzetek načrta."},
        version=plan.version,
    )
    client.force_login(member)
    url = reverse("plans:history", args=[plan.slug])
    slovenian = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "sl"
    again = client.get(url).content.decode()
    for page in (slovenian, english, again):
        assert "Nov povzetek načrta." in page
    assert label(slovenian) == label(again) == "Povzetek"
    assert label(english) == "Summary"


def label(page: str) -> str:
    """The changed field's name, as the history lists it."""
    start = page.index('<dt class="col-sm-3">') + len('<dt class="col-sm-3">')
    return page[start : page.index("</dt>", start)].strip()
