"""Charts drawn on the server as SVG markup, for the PDF documents.

Each chart carries a <title> (the PDF's alternative text) and the document shows the
same values in a table beside it. Labels are few on purpose: in WeasyPrint a chart's
cost is mostly its text.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rin_portal.formatting import format_amount, format_number, has_cents

ACHIEVED = "#1d4e89"
PLANNED = "#8a5a00"
BASELINE = "#4a4f55"
USED = "#2f7d4a"
GRID = "#c9d1da"
TEXT = "#1b1f24"
FONT = 'font-family="RIN Sans Condensed" font-size="9"'
# The planned bar of the funding chart: an outline, inside the bar's box.
_PLANNED_BAR = f'fill="#ffffff" stroke="{PLANNED}" stroke-width="1.2"'


def _ceiling(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _number(value: float) -> str:
    return format_number(Decimal(str(round(value, 2))))


def indicator_chart(
    *,
    title: str,
    years: list[int],
    achieved: dict,
    planned: dict,
    baseline: tuple | None,
    whole: bool = False,
) -> SafeString:
    """Achieved values (solid line) against the planned path (dashed) over the years.

    `achieved` and `planned` map a year to a value (str or Decimal); `baseline` is
    (year, value) or None. Years without a value leave a gap. For an indicator that
    counts (`whole`), the axis names no fractions (no "2,5 persons" half way up).
    """
    width, height = 480, 150
    left, right, top, bottom = 44, 12, 10, 22
    if baseline is not None and baseline[0] not in years:
        years = sorted({*years, baseline[0]})
    values = [float(v) for v in [*achieved.values(), *planned.values()] if v is not None]
    if baseline is not None:
        values.append(float(baseline[1]))
    maximum = _ceiling(max(values, default=1.0))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    def y(value) -> float:
        return top + plot_h - float(value) / maximum * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0, 0.5, 1):
        gy = y(maximum * fraction)
        parts.append(
            f'<line x1="{left}" y1="{gy:.1f}" x2="{width - right}" y2="{gy:.1f}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        if whole and maximum * fraction != int(maximum * fraction):
            continue
        parts.append(
            f'<text x="{left - 4}" y="{gy + 3:.1f}" text-anchor="end" fill="{TEXT}" {FONT}>'
            f"{escape(_number(maximum * fraction))}</text>"
        )
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{height - 6}" text-anchor="middle" fill="{TEXT}" '
            f"{FONT}>{year}</text>"
        )
    planned_points = [(year, planned[year]) for year in years if planned.get(year) is not None]
    if baseline is not None:
        planned_points = [baseline, *[p for p in planned_points if p[0] != baseline[0]]]
    parts.append(_polyline(planned_points, x, y, PLANNED, dashed=True))
    achieved_points = [(year, achieved[year]) for year in years if achieved.get(year) is not None]
    if baseline is not None and achieved_points:
        achieved_points = [baseline, *achieved_points]
    parts.append(_polyline(achieved_points, x, y, ACHIEVED, dashed=False))
    if baseline is not None:
        # A square, told from the lines' round points by its shape, not its colour alone.
        parts.append(
            f'<rect x="{x(baseline[0]) - 3.5:.1f}" y="{y(baseline[1]) - 3.5:.1f}" '
            f'width="7" height="7" fill="{BASELINE}"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _polyline(points, x, y, colour: str, *, dashed: bool) -> str:
    if not points:
        return ""
    coordinates = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in points)
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    dots = "".join(
        f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="2.4" fill="{colour}"/>'
        for year, value in points
    )
    return (
        f'<polyline points="{coordinates}" fill="none" stroke="{colour}" '
        f'stroke-width="1.6"{dash}/>{dots}'
    )


def funding_chart(
    *, title: str, rows: list[tuple[str, object, object]], legend: tuple
) -> SafeString:
    """Planned against used funds per source as pairs of horizontal bars.

    Planned bars are outlined, used ones filled: the two differ in lightness, not in hue
    alone, which a reader who does not see colours, or a grey print, would lose.
    """
    width, bar, gap, left, right = 480, 11, 8, 150, 70
    height = 18 + len(rows) * (2 * bar + gap)
    maximum = max(
        [float(v or 0) for _label, planned, used in rows for v in (planned, used)] or [1.0]
    )
    maximum = maximum or 1.0
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left}" y="2" width="9" height="7" {_PLANNED_BAR}/>'
        f'<text x="{left + 12}" y="9" fill="{TEXT}" {FONT}>{escape(legend[0])}</text>'
        f'<rect x="{left + 110}" y="2" width="9" height="7" fill="{USED}"/>'
        f'<text x="{left + 122}" y="9" fill="{TEXT}" {FONT}>{escape(legend[1])}</text>',
    ]
    top = 18
    cents = has_cents(*((planned, used) for _label, planned, used in rows))
    for label, planned, used in rows:
        parts.append(
            f'<text x="{left - 6}" y="{top + bar + 3}" text-anchor="end" fill="{TEXT}" {FONT}>'
            f"{escape(label)}</text>"
        )
        for offset, value, paint in ((0, planned, _PLANNED_BAR), (bar, used, f'fill="{USED}"')):
            length = float(value or 0) / maximum * plot_w
            parts.append(
                f'<rect x="{left}" y="{top + offset}" width="{length:.1f}" height="{bar - 1}" '
                f"{paint}/>"
            )
            parts.append(
                f'<text x="{left + length + 4:.1f}" y="{top + offset + bar - 2.5}" fill="{TEXT}" '
                f"{FONT}>{escape(format_amount(value or 0, cents))}</text>"
            )
        top += 2 * bar + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
