"""The colours static/css/portal.css sets keep WCAG 2.1 AA contrast on the backgrounds
they are drawn on: 4.5:1 for text (1.4.3), 3:1 for the edges of controls (1.4.11).

Read from the stylesheet itself, so that a colour changed there is checked without a
browser; tests/browser/test_contrast.py checks what Chromium draws.
"""

import re
from pathlib import Path

import pytest

from tests.contrast import contrast

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
WHITE = "#ffffff"


def _rule(selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, f"portal.css has no rule {selector}"
    return match.group(1)


def _value(selector: str, name: str) -> str:
    match = re.search(rf"(?:^|[;\s]){re.escape(name)}\s*:\s*(#[0-9a-fA-F]{{6}})", _rule(selector))
    assert match, f"{selector} sets no {name}"
    return match.group(1)


def test_contrast_of_known_colours():
    assert round(contrast("#000000", WHITE), 1) == 21.0
    assert round(contrast("#767676", WHITE), 2) == 4.54


@pytest.mark.parametrize(
    "name", ["--rin-blue", "--bs-link-color", "--bs-link-hover-color", "--bs-secondary-color"]
)
def test_text_colours_read_on_white(name):
    assert contrast(_value(":root", name), WHITE) >= 4.5


def test_edges_of_controls_stand_out_from_white():
    assert contrast(_value(":root", "--rin-control-border"), WHITE) >= 3


@pytest.mark.parametrize("status", ["draft", "consultation", "confirmed", "amendment", "closed"])
def test_white_status_badges_read(status):
    """Bootstrap's badges write in white on the status colour."""
    assert contrast(WHITE, _value(f".badge-status-{status}", "background")) >= 4.5


@pytest.mark.parametrize("selector", [".demo-banner", ".portal-footer"])
def test_banner_and_footer_text_reads(selector):
    assert contrast(_value(selector, "color"), _value(selector, "background")) >= 4.5
