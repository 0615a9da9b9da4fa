"""The plan's table of contents shows every item's number whole."""


def test_two_digit_numbers_of_the_contents_are_not_cut_off(demo_site, page):
    """Velenje's strategy has seven parts and five sections more: items 10 to 12 lost
    their first digit ("0.", "1.", "2.") to a list indent narrower than their numbers."""
    page.goto("/regije/savinjska/strategija-velenje-2014-2020/")
    contents = page.get_by_role("navigation", name="Kazalo vsebine")
    assert contents.locator(":scope > div > ol > li").count() >= 10
    room, needed = contents.locator(":scope > div > ol").evaluate(
        """list => {
            const style = getComputedStyle(list.querySelector('li'));
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const widest = `${list.children.length}. `;
            return [parseFloat(getComputedStyle(list).paddingLeft), context.measureText(widest).width];
        }"""
    )
    assert room >= needed, f"the numbers need {needed:.1f} px, the indent gives {room:.1f} px"
