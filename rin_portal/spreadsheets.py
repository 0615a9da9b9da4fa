"""What every workbook the portal writes shares: text that users typed stays text."""

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
