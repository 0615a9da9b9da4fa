"""What every workbook the portal writes shares: text that users typed stays text, and
holds nothing a workbook cannot."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Text that a spreadsheet takes for a formula ("=HYPERLINK(…)", "+1+2", "@SUM(…)"):
# openpyxl writes a text starting with "=" as one, and Excel computes the others as
# soon as someone edits the cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def keep_text(cells) -> None:
    """Write the texts among `cells` (openpyxl cells) that look like formulas as plain
    text, with the quote prefix that keeps them text when the cell is edited."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def clean(value):
    """`value` without the control characters a workbook cannot hold: a vertical tab
    pasted from Word (its Shift+Enter) into a plan's title made every spreadsheet of
    it, the national overview too, fail to be written."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def clean_row(row) -> list:
    return [clean(value) for value in row]
