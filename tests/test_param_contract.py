"""The renderer's parameter contract on numbers and look-alike characters, checked before a kernel starts.

The command-line cases run the real ``python -m helpers.render`` in tests/test_notebooks.py; these
call the contract directly, over the project's own notebooks.
"""

from __future__ import annotations

import math

import pytest
from conftest import ROOT

from helpers import params
from helpers.render import contract

DPRK = ROOT / "notebooks" / "03-dprk-missiles.ipynb"
VOLUME = ROOT / "notebooks" / "02-attack-volume.ipynb"


@pytest.mark.parametrize("text, shown", [("inf", "inf"), ("-inf", "-inf"), ("nan", "nan"), ("Infinity", "inf"),
                                         ("1e400", "inf"), ("0", "0.0"), ("20000.5", "20000.5")])
def test_range_km_text_outside_its_bounds_is_refused(text, shown):
    with pytest.raises(contract.ContractError) as info:
        contract.check(DPRK, {"range_km": text}, as_text=True)
    assert str(info.value) == f"parameter 'range_km' = {shown} is not allowed: a number from 1 to 20000"


def test_range_km_values_from_python_are_bounded_too():
    assert contract.check(DPRK, {"range_km": "1500"}, as_text=True) == {"range_km": 1500.0}
    assert contract.check(DPRK, {"range_km": 20_000}) == {"range_km": 20000.0}
    for bad in (math.inf, math.nan, -1):
        with pytest.raises(contract.ContractError, match="a number from 1 to 20000$"):
            contract.check(DPRK, {"range_km": bad})


def test_top_n_is_bounded_before_a_kernel():
    assert contract.check(VOLUME, {"top_n": "100"}, as_text=True) == {"top_n": 100}
    with pytest.raises(contract.ContractError) as info:
        contract.check(VOLUME, {"top_n": "500"}, as_text=True)
    assert str(info.value) == "parameter 'top_n' = 500 is not allowed: a whole number from 1 to 100"


def test_the_contract_and_the_notebook_bound_alike():
    """The same value gets the same message from the renderer and from the notebook's own check."""
    with pytest.raises(contract.ContractError) as before_kernel:
        contract.check(DPRK, {"range_km": "inf"}, as_text=True)
    with pytest.raises(params.ParameterError) as in_kernel:
        params.as_positive_number("range_km", math.inf)
    assert str(before_kernel.value) == str(in_kernel.value)


def test_lookalikes_are_named_in_contract_errors():
    with pytest.raises(contract.ContractError) as info:
        contract.check(VOLUME, {"start_date": "2024-01-0\uff11"}, as_text=True)
    assert str(info.value) == ("parameter start_date = '2024-01-0\uff11' is not a date written YYYY-MM-DD; it "
                               "contains fullwidth '\uff11' (U+FF11), which looks like '1'")
    with pytest.raises(contract.ContractError) as info:
        contract.check(VOLUME, {"fr\u0435quency": "W"}, as_text=True)  # Cyrillic ie in the name
    assert str(info.value).startswith("parameter 'fr\u0435quency' is not declared by 02-attack-volume.ipynb; ")
    assert str(info.value).endswith("; it contains Cyrillic '\u0435' (U+0435), which looks like Latin 'e'")
    with pytest.raises(contract.ContractError) as info:
        contract.check(VOLUME, {"top_n": "\u0430"}, as_text=True)
    assert str(info.value) == ("parameter top_n = '\u0430' is not a whole number (default 10); it contains "
                               "Cyrillic '\u0430' (U+0430), which looks like Latin 'a'")


def test_a_declaration_papermill_cannot_read_is_a_contract_error(tmp_path):
    nb = tmp_path / "probe.ipynb"
    nb.write_text('{"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [], '
                  '"execution_count": null, "source": "items: list = []  # [] = all"}], "metadata": {}, '
                  '"nbformat": 4, "nbformat_minor": 5}')
    with pytest.raises(contract.ContractError) as info:
        contract.declared(nb)
    assert str(info.value) == ("notebook probe.ipynb, parameters cell line 1: 'items: list = []  # [] = all' has "
                               "more than one '='; papermill cannot read it (write the help text without '=')")
