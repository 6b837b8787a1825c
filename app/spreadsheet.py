"""Cells safe to open in a spreadsheet: text that a spreadsheet would run as a formula is neutralised."""

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and Sheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would otherwise run it as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value
