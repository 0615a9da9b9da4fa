"""The focus ring (portal.css: a 2 px dark ring and a 3 px amber one around it) shows
whole around a link or field at the edge of a table's scroll box, which cuts off what
reaches past its edges (WCAG 2.4.7)."""

from .conftest import log_in

RING = 5  # px around the control: the outline's offset and its width

RING_INSIDE_ITS_BOX = """el => {
    el.focus();
    const ring = el.getBoundingClientRect();
    const box = el.closest('.table-responsive').getBoundingClientRect();
    return {
        left: ring.left - RING - box.left,
        right: box.right - (ring.right + RING),
    };
}""".replace("RING", str(RING))


def test_the_ring_of_a_table_caption_link_is_not_cut_off(demo_site, page):
    log_in(page, "demo-ministrstvo")
    page.goto("/letna-porocila/")  # each plan's title: a link in its table's caption
    link = page.locator(".table-responsive caption a").first
    room = link.evaluate(RING_INSIDE_ITS_BOX)
    assert room["left"] >= 0 and room["right"] >= 0, f"the ring is cut off: {room}"


def test_the_ring_of_a_field_in_the_last_column_is_not_cut_off(demo_site, page):
    log_in(page, "demo-csd")
    page.goto("/nacrti/rin-gorenjska-2014-2016/porocila/2016/uredi/")
    field = page.locator(".table-responsive td:last-child input").first  # achieved value
    room = field.evaluate(RING_INSIDE_ITS_BOX)
    assert room["left"] >= 0 and room["right"] >= 0, f"the ring is cut off: {room}"
