"""The charts in the PDF documents."""

import re

from reports import charts


def test_a_chart_of_a_count_names_no_fraction_on_its_axis():
    """Persons and counts are whole: the axis of a chart topping at 5 reads 0 and 5, not
    0, 2,5 and 5; a percentage's axis keeps its half way mark."""

    def labels(whole: bool) -> list[str]:
        svg = charts.indicator_chart(
            title="Število centrov",
            years=[2017, 2018],
            achieved={2017: "3"},
            planned={2018: "5"},
            baseline=None,
            whole=whole,
        )
        return re.findall(r'text-anchor="end"[^>]*>([^<]*)</text>', svg)

    assert labels(whole=True) == ["0", "5"]
    assert labels(whole=False) == ["0", "2,5", "5"]


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_planned_and_used_funds_differ_in_more_than_hue():
    """Read in grey (a black-and-white print, a reader who does not see colours), the
    planned and the used bar of a source, and their keys, are still told apart: their
    fills differ at 3:1 at least (WCAG 1.4.1, 1.4.11)."""
    svg = charts.funding_chart(
        title="Sredstva",
        rows=[("Ministrstvo (MDDSZ)", "30000", "27000"), ("Občine", "20000", "18000")],
        legend=("Načrtovano", "Porabljeno"),
    )
    fills = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg)
    keys, bars = fills[:2], fills[2:]
    assert len(bars) == 4
    planned, used = bars[0::2], bars[1::2]
    assert set(planned) == {keys[0]} and set(used) == {keys[1]}
    assert _contrast(keys[0], keys[1]) >= 3


def test_the_baseline_is_told_from_the_yearly_points_by_its_shape():
    """The caption names the baseline a square: the lines' points are round."""
    svg = charts.indicator_chart(
        title="Število centrov",
        years=[2017, 2018],
        achieved={2018: "3"},
        planned={2018: "5"},
        baseline=(2017, "1"),
    )
    assert f'fill="{charts.BASELINE}"' not in "".join(re.findall(r"<circle [^>]*>", svg))
    assert len(re.findall(rf'<rect [^>]*fill="{charts.BASELINE}"', svg)) == 1
