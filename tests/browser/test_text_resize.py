"""Enlarged text keeps every part of the page on the screen (WCAG 1.4.4 Resize text).

A reader who sets the browser's text size to 200 % (not the page zoom, which reflows
the page as on a narrower screen) still gets a page that fits the window: nothing is
pushed off its edge, where it could be reached only by scrolling sideways.
"""

import pytest

from .conftest import log_in

# The browser's text size setting: the root font size, which Bootstrap's rem sizes follow.
TEXT_AT_200_PERCENT = "() => { document.documentElement.style.fontSize = '200%'; }"


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [992, 1280])
def test_signed_in_header_fits_the_window_with_text_at_200_percent(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "demo-admin")  # the longest header: four sections and a name
    page.evaluate(TEXT_AT_200_PERCENT)
    assert _overflow(page) <= 0, f"the page scrolls sideways at {width} px"
    sign_out = page.locator("header").get_by_role("button", name="Odjava").bounding_box()
    assert sign_out is not None
    assert sign_out["x"] + sign_out["width"] <= width, "Sign out is off the screen"
