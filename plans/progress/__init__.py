"""Yearly progress: CSD staff file a report per plan and year, the coordination group
reviews it, and spreadsheets carry it in and out (issue 4)."""
