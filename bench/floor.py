"""Run one notebook's computations and figures as a plain Python script (the benchmark's floor).

Usage: python bench/floor.py NOTEBOOK PARAMETERS_JSON

The notebook's code cells run in order in this process, with the parameters set as papermill would
set them; what a cell displays is produced the way a report needs it (figures encoded as PNG, HTML
as text), but nothing is written. No kernel, no nbconvert: the cost of the analysis alone.
"""

from __future__ import annotations

import io
import json
import sys

import matplotlib

matplotlib.use("Agg")


def _display(*objects, raw=False, **_):
    for obj in objects:
        if hasattr(obj, "savefig"):
            obj.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        elif hasattr(obj, "_repr_html_"):
            obj._repr_html_()
        elif hasattr(obj, "data"):
            str(obj.data)


def main(notebook: str, parameters: str) -> None:
    import IPython.display

    IPython.display.display = _display
    nb = json.load(open(notebook, encoding="utf-8"))
    env: dict = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        exec(compile(source, notebook, "exec"), env)
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            env.update(json.loads(parameters))
        last = source.strip().splitlines()[-1] if source.strip() else ""
        if last and not last.startswith((" ", "fig =", "notebook.", "import", "from")) and "=" not in last:
            value = eval(last, env)  # the cell's displayed value, as Jupyter would show it
            _display(value)
    import matplotlib.pyplot as plt

    for number in plt.get_fignums():
        plt.figure(number).savefig(io.BytesIO(), format="png", bbox_inches="tight")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
