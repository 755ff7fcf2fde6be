"""Rendering notebooks into self-contained, reproducible HTML reports.

``python -m helpers.render`` renders the suite declared in ``reports/reports.toml`` (or named
reports, or any notebook with parameters) in one process: parameters are checked against each
notebook's ``parameters`` cell before a kernel starts, notebooks run in overlapped kernels, and each
report is written atomically with a provenance block, so a failed render never replaces a good one.
"""
