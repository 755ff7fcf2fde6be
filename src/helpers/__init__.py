"""Strike Ledger's importable logic.

Notebooks stay thin: they read their parameters, call functions from these modules and show the
result. Importing ``helpers`` itself is cheap; each submodule imports what it needs.
"""

__version__ = "0.1.0"
