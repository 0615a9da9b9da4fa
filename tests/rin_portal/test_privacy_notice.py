"""The privacy notice says what the portal publishes about people."""


def test_the_notice_says_that_reports_name_who_submitted_and_approved_them(client, db):
    """Approved reports, public, name those who submitted and approved them."""
    page = client.get("/zasebnost/").content.decode()
    assert "oddali in odobrili" in page
    client.cookies["django_language"] = "en"
    assert "submitted and approved a yearly report" in client.get("/zasebnost/").content.decode()


def test_the_notice_names_the_addresses_kept_and_for_how_long(client, db, settings):
    """Security records and e-news sign-ups hold IP addresses: the notice says so, and
    how long a sign-up is kept, as the code keeps it."""
    from news.services import CONFIRMATION_HOURS

    client.cookies["django_language"] = "en"
    page = client.get("/zasebnost/").content.decode()
    assert "from which IP address" in page
    assert "keeps the IP address it came from" in page
    assert f"{CONFIRMATION_HOURS} hours after the sign-up" in page
    assert "no analytics or advertising cookies" in page
