"""Parameter checks: the message a notebook user sees names the parameter, value and what is allowed."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from helpers import params
from helpers.params import ParameterError


def test_dates_and_windows():
    assert params.as_window("2023-12-29", "2024-01-02") == (pd.Timestamp("2023-12-29"), pd.Timestamp("2024-01-02"))
    with pytest.raises(ParameterError) as info:
        params.as_window("2024-01-02", "2023-12-29")
    assert str(info.value) == ("parameter 'end_date' = '2023-12-29' is not allowed: "
                               "a date on or after start_date (2024-01-02)")
    with pytest.raises(ParameterError, match=r"parameter 'start_date' = '2024-02-30' is not allowed: a date "
                                             r"written YYYY-MM-DD, such as '2024-01-02'"):
        params.as_window("2024-02-30", "2024-03-01")
    with pytest.raises(ParameterError, match="parameter 'start_date' = '02/01/2024'"):
        params.as_date("start_date", "02/01/2024")
    with pytest.raises(ParameterError, match="parameter 'start_date' = 20240102"):
        params.as_date("start_date", 20240102)


def test_choices_and_subsets():
    assert params.as_choice("frequency", "W", ["D", "W", "M"]) == "W"
    with pytest.raises(ParameterError) as info:
        params.as_choice("frequency", "Q", ["D", "W", "M"])
    assert str(info.value) == "parameter 'frequency' = 'Q' is not allowed: one of 'D', 'W', 'M'"
    assert params.as_subset("categories", [], ["a", "b"]) == ["a", "b"]
    with pytest.raises(ParameterError) as info:  # papermill's `-p categories a` gives text, not a list
        params.as_subset("categories", "a", ["a", "b"])
    assert str(info.value) == ("parameter 'categories' = 'a' is not allowed: a list, e.g. ['a'] (papermill: "
                               "-y \"categories: [a]\"; the renderer: -p categories=a)")
    with pytest.raises(ParameterError) as info:
        params.as_subset("categories", ["a", "rumour"], ["a", "b"])
    assert str(info.value) == ("parameter 'categories' = ['a', 'rumour'] is not allowed: "
                               "'rumour' is unknown; choose from 'a', 'b'")


def test_numbers():
    assert params.as_positive_int("top_n", 5, maximum=50) == 5
    for bad in (0, -1, 2.5, True, "5", 51):
        with pytest.raises(ParameterError, match="parameter 'top_n'"):
            params.as_positive_int("top_n", bad, maximum=50)
    assert params.as_positive_number("range_km", 900) == 900.0
    with pytest.raises(ParameterError, match="a number from 1 to 20000"):
        params.as_positive_number("range_km", -5)


# ---------------------------------------------------------------- bounds: finite, within LIMITS

@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 0, 0.5, -900, 20_000.5, 25_000, True, "900", None])
def test_range_km_is_finite_and_bounded(bad):
    with pytest.raises(ParameterError) as info:
        params.as_positive_number("range_km", bad)
    assert str(info.value) == f"parameter 'range_km' = {bad!r} is not allowed: a number from 1 to 20000"


def test_range_km_accepts_its_whole_range():
    assert [params.as_positive_number("range_km", v) for v in (1, 900, 900.5, 20_000)] == [1.0, 900.0, 900.5, 20000.0]


def test_unbounded_numbers_are_still_finite():
    assert params.as_positive_number("radius", 1e6) == 1e6
    for bad in (math.inf, math.nan, 0, -1):
        with pytest.raises(ParameterError) as info:
            params.as_positive_number("radius", bad)
        assert str(info.value).endswith("is not allowed: a finite number greater than 0")
    with pytest.raises(ParameterError, match="a number greater than 0 and at most 5$"):
        params.as_positive_number("radius", 6, maximum=5)


@pytest.mark.parametrize("bad", [0, -3, 101, 2.5, 10.0, True, "10", math.inf])
def test_top_n_is_a_whole_number_from_1_to_100(bad):
    with pytest.raises(ParameterError) as info:
        params.as_positive_int("top_n", bad)
    assert str(info.value) == f"parameter 'top_n' = {bad!r} is not allowed: a whole number from 1 to 100"
    assert params.as_positive_int("top_n", 1) == 1 and params.as_positive_int("top_n", 100) == 100


def test_within_limits_is_what_the_contract_applies():
    params.within_limits("range_km", 900, whole=False)
    params.within_limits("colour", "red", whole=False)  # not a number: the type check's business
    params.within_limits("scale", 1e300, whole=False)
    with pytest.raises(ParameterError, match=r"'range_km' = inf is not allowed: a number from 1 to 20000"):
        params.within_limits("range_km", math.inf, whole=False)
    with pytest.raises(ParameterError, match=r"'top_n' = 101 is not allowed: a whole number from 1 to 100"):
        params.within_limits("top_n", 101, whole=True)
    with pytest.raises(ParameterError, match=r"'scale' = nan is not allowed: a finite number"):
        params.within_limits("scale", math.nan, whole=False)


# ---------------------------------------------------------------- look-alike characters

def test_choice_names_the_lookalike_character():
    with pytest.raises(ParameterError) as info:
        params.as_choice("frequency", "\u041c", ["D", "W", "M"])  # Cyrillic capital em
    assert str(info.value) == ("parameter 'frequency' = '\u041c' is not allowed: one of 'D', 'W', 'M'; it contains "
                               "Cyrillic '\u041c' (U+041C), which looks like Latin 'M'")


def test_subset_names_the_lookalike_in_the_unknown_item():
    with pytest.raises(ParameterError) as info:
        params.as_subset("weapon_classes", ["cruise_missile", "b\u0430llistic_missile"],
                         ["ballistic_missile", "cruise_missile"])
    assert str(info.value).endswith("'b\u0430llistic_missile' is unknown; choose from 'ballistic_missile', "
                                    "'cruise_missile'; it contains Cyrillic '\u0430' (U+0430), which looks like "
                                    "Latin 'a'")


def test_date_names_the_fullwidth_digit():
    with pytest.raises(ParameterError) as info:
        params.as_date("start_date", "\uff12024-01-01")
    assert str(info.value).endswith("such as '2024-01-02'; it contains fullwidth '\uff12' (U+FF12), which looks "
                                    "like '2'")


def test_plain_latin_errors_carry_no_lookalike_note():
    with pytest.raises(ParameterError) as info:
        params.as_choice("frequency", "Q", ["D", "W", "M"])
    assert "contains" not in str(info.value)


# ---------------------------------------------------------------- the parameters cell

CELL = '''start_date: str = "2024-01-01"  # first day (YYYY-MM-DD)
items: list = []  # items, e.g. ["a"]; empty: all
n: int = 3  # how many
ratio = 0.5  # undeclared type: taken from the default
'''


def test_declarations_read_name_type_default_and_help():
    declared = params.declarations(CELL, "probe.ipynb")
    assert list(declared) == ["start_date", "items", "n", "ratio"]
    assert declared["items"] == params.Parameter("items", "list", [], 'items, e.g. ["a"]; empty: all')
    assert declared["ratio"].type == "float" and declared["n"].default == 3
    assert declared["start_date"].describe() == "start_date (a date YYYY-MM-DD, default '2024-01-01')"


@pytest.mark.parametrize("source, message", [
    ("items: list = []  # [] = all",
     "notebook probe.ipynb, parameters cell line 1: 'items: list = []  # [] = all' has more than one '='; "
     "papermill cannot read it (write the help text without '=')"),
    ('n: int = 1  # a count\ntag: str = "a#b"  # a tag',
     "notebook probe.ipynb, parameters cell line 2: the default of tag contains '#'; papermill would read the "
     "rest as help text"),
    ("items: list = [\n    'a',\n]  # items",
     "notebook probe.ipynb, parameters cell line 1: declaration of items spans several lines; write it on one "
     "line so papermill can read it"),
    ("import os",
     "notebook probe.ipynb, parameters cell line 1: 'import os' is not a declaration 'name: type = default  # "
     "help'"),
    ("n: int = len('ab')  # a count",
     "notebook probe.ipynb, parameters cell line 1: the default of n is not a literal value"),
    ("when: dict = {}  # a mapping",
     "notebook probe.ipynb: parameter when has type dict, not one of str, int, float, bool, list"),
    ("n: int = = 1", "notebook probe.ipynb, parameters cell line 1: not valid Python (invalid syntax)"),
])
def test_declarations_papermill_cannot_read_are_errors(source, message):
    with pytest.raises(params.DeclarationError) as info:
        params.declarations(source, "probe.ipynb")
    assert str(info.value) == message


def test_undeclared_message_lists_what_is_declared_and_names_lookalikes():
    declared = params.declarations(CELL, "probe.ipynb")
    assert params.undeclared_message("colour", "probe.ipynb", declared) == (
        "parameter 'colour' is not declared by probe.ipynb; allowed: start_date (a date YYYY-MM-DD, default "
        "'2024-01-01'); items (a list, default []); n (a whole number, default 3); ratio (a number, default 0.5)")
    assert params.undeclared_message("\u0456tems", "probe.ipynb", declared).endswith(
        "; it contains Cyrillic '\u0456' (U+0456), which looks like Latin 'i'")


def test_injected_names():
    assert params.injected_names('# Parameters\nn = 5\nitems = [\n    "a",\n    "b",\n]\n') == ["n", "items"]


# ---------------------------------------------------------------- check_injected in a real IPython shell

@pytest.fixture
def shell():
    """A real IPython shell in this process, its history kept in memory."""
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance(config=Config({"HistoryManager": {"hist_file": ":memory:"}}))
    yield ip
    InteractiveShell.clear_instance()


def _run(ip, *cells):
    """Run ``cells`` as a kernel runs notebook cells; the exception the last one raised, if any."""
    for source in cells:
        result = ip.run_cell(source, store_history=True, silent=False)
    return result.error_in_exec


CHECK = 'from helpers import params\nparams.check_injected("probe.ipynb")\nn * 2'


def test_check_injected_refuses_an_undeclared_name(shell):
    error = _run(shell, CELL, '# Parameters\nn = 5\nnn = 6\n', CHECK)
    assert isinstance(error, ParameterError)
    assert str(error) == params.undeclared_message("nn", "probe.ipynb", params.declarations(CELL, "probe.ipynb"))


def test_check_injected_accepts_declared_names_and_no_injection(shell):
    assert _run(shell, CELL, '# Parameters\nn = 5\nitems = ["a"]\n', CHECK) is None
    assert shell.user_ns["n"] == 5
    assert _run(shell, CELL, CHECK) is None  # interactive use: no injected cell
    assert _run(shell, '# Parameters\nnn = 6\n', CHECK) is None  # cells run out of order: nothing to check


def test_error_shows_as_one_line_in_a_notebook(shell):
    error = _run(shell, CELL, '# Parameters\nnn = 6\n', CHECK)
    assert error._render_traceback_() == [f"ParameterError: {error}"]
