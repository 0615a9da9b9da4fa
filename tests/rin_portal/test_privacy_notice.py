"""The privacy notice says what the portal publishes about people."""


def test_the_notice_says_that_reports_name_who_submitted_and_approved_them(client, db):
    """Approved reports, public, name those who submitted and approved them."""
    page = client.get("/zasebnost/").content.decode()
    assert "oddali in odobrili" in page
    client.cookies["django_language"] = "en"
    assert "submitted and approved a yearly report" in client.get("/zasebnost/").content.decode()
