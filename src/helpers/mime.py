"""MIME types of the values notebooks record and the figure data they attach.

Kept apart from ``helpers.notebook`` so the render process can read them without importing pandas.
"""

RECORD_MIME = "application/vnd.strike-ledger.record+json"
FIGURE_DATA_MIME = "application/vnd.strike-ledger.figure-data+json"
