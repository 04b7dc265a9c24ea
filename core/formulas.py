"""Spreadsheet cells that would run as formulas: text starting with one of
FORMULA_STARTS is written with a quote before it, so a spreadsheet shows it as
text, and read back without the quote."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(cell):
    """Undo the quote the export puts before text a spreadsheet would run as a formula."""
    if cell.startswith("'") and cell[1:2] and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell
