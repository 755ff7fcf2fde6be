"""The hand-curated dataset: schema, validation and loading.

``load()`` is the only way notebooks read ``data/``: it validates every table against
``datapackage.json`` and the cross-field rules on every call, so a report can never be built on a
row that breaks the codebook.
"""

from helpers.data.errors import DataError, Problem
from helpers.data.load import Dataset, load, validate

__all__ = ["DataError", "Dataset", "Problem", "load", "validate"]
