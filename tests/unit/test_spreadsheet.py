"""Spreadsheet cells never start a formula."""
import pytest

from app.spreadsheet import neutralise_formula


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|' /C calc'!A0"])
def test_a_formula_start_gets_a_quote(value: str) -> None:
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value, expected", [("Xi said", "Xi said"), ("", ""), (" =1", " =1"), (12, "12"),
                                             ("a=b", "a=b"), ("{\"k\":1}", "{\"k\":1}")])
def test_other_cells_are_kept(value, expected) -> None:
    assert neutralise_formula(value) == expected
