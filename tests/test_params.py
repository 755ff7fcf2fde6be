"""Parameter checks: the message a notebook user sees names the parameter, value and what is allowed."""

from __future__ import annotations

import pandas as pd
import pytest

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
    assert params.as_subset("categories", "a", ["a", "b"]) == ["a"]
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
    with pytest.raises(ParameterError, match="a number greater than 0"):
        params.as_positive_number("range_km", -5)
