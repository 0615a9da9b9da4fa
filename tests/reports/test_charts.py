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
