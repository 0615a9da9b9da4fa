"""What shows a control and its state stands out from what is around it at 3:1 at least
(WCAG 1.4.11 Non-text contrast), computed from the colours the browser draws."""

from tests.contrast import contrast

from .conftest import log_in

PROGRAMME_FORM = "/nacrti/rin-gorenjska-2017-2020/programi/{pk}/uredi/"

# Each visible control's edge colour, and the colour behind the control.
EDGES = """selector => [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map(el => {
        let behind = el.parentElement;
        while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') {
            behind = behind.parentElement;
        }
        return {
            name: el.id || el.name || el.className,
            edge: getComputedStyle(el).borderTopColor,
            behind: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
        };
    })"""


def test_the_contrast_of_known_colours():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 2) == 21.0
    assert round(contrast("rgb(222, 226, 230)", "rgb(255, 255, 255)"), 2) == 1.3


def _faint_edges(page, selector: str) -> list[str]:
    controls = page.evaluate(EDGES, selector)
    assert controls, f"no {selector} on {page.url}"
    return [
        f"{c['name']}: {contrast(c['edge'], c['behind']):.2f}:1"
        for c in controls
        if contrast(c["edge"], c["behind"]) < 3
    ]


def test_fields_and_check_boxes_show_their_edges(demo_site, page):
    page.goto("/e-novice/")  # a text field and a check box for each region
    assert _faint_edges(page, "input.form-control") == []
    assert _faint_edges(page, "input[type=checkbox]") == []


def test_each_region_check_box_stands_apart_from_its_name(demo_site, page):
    """As the portal's other check boxes: 16 px, its name beginning clear of it."""
    page.goto("/e-novice/")
    region = page.get_by_role("checkbox", name="Gorenjska", exact=True)
    box = region.bounding_box()
    name = page.locator(f"label[for='{region.get_attribute('id')}']").bounding_box()
    assert box is not None and name is not None
    assert box["width"] >= 16 and box["height"] >= 16
    assert name["x"] - (box["x"] + box["width"]) >= 4, "the name touches its check box"


def test_selects_text_areas_and_type_ahead_pickers_show_their_edges(demo_site, page):
    from plans.models import Programme

    programme = Programme.objects.get(
        plan__slug="rin-gorenjska-2017-2020", title__startswith="Družinski"
    )
    log_in(page, "demo-clan")
    page.goto(PROGRAMME_FORM.format(pk=programme.pk))
    assert _faint_edges(page, "textarea.form-control") == []
    assert _faint_edges(page, "select.form-select") == []
    assert _faint_edges(page, ".ts-wrapper") == []  # the pickers drawn over the selects


def test_the_option_reached_with_the_arrow_keys_stands_out(demo_site, page):
    from plans.models import Programme

    programme = Programme.objects.get(
        plan__slug="rin-gorenjska-2017-2020", title__startswith="Družinski"
    )
    log_in(page, "demo-clan")
    page.goto(PROGRAMME_FORM.format(pk=programme.pk))
    page.get_by_role("combobox", name="Nosilec").focus()
    page.keyboard.type("CSD")
    page.keyboard.press("ArrowDown")
    marked = page.evaluate(
        """() => {
            const option = document.querySelector('.ts-dropdown [data-selectable].active');
            const style = getComputedStyle(option);
            return {
                list: getComputedStyle(option.closest('.ts-dropdown')).backgroundColor,
                background: style.backgroundColor,
                outline: style.outlineStyle === 'none' ? null : style.outlineColor,
            };
        }"""
    )
    # Either its frame or its background tells it from the list's other options.
    marks = [contrast(marked["background"], marked["list"])]
    if marked["outline"]:
        marks.append(contrast(marked["outline"], marked["background"]))
    assert max(marks) >= 3, f"the option reached is marked at {max(marks):.2f}:1 only"


def test_the_current_tab_is_framed(demo_site, page):
    log_in(page, "demo-csd")
    page.goto("/nacrti/rin-gorenjska-2014-2016/porocila/2016/uredi/")
    tab = page.locator(".nav-tabs [aria-current=page]")
    edge = tab.evaluate("el => getComputedStyle(el).borderTopColor")
    assert contrast(edge, "rgb(255, 255, 255)") >= 3
