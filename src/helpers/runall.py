"""Run every notebook end to end with its default parameters (``make reports``).

Each notebook runs in a fresh kernel through papermill; executed copies go to ``build/executed/``
(git-ignored), never over the committed, output-free notebooks. Exit status 1 when any notebook
fails, after trying all of them.
"""

from __future__ import annotations

import sys

from helpers.paths import PROJECT_ROOT


def main() -> int:
    import papermill

    out_dir = PROJECT_ROOT / "build" / "executed"
    out_dir.mkdir(parents=True, exist_ok=True)
    notebooks = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    failed = []
    for nb in notebooks:
        print(f"running {nb.name} ...", flush=True)
        try:
            papermill.execute_notebook(str(nb), str(out_dir / nb.name), progress_bar=False,
                                       kernel_name="python3", cwd=str(PROJECT_ROOT))
        except Exception as exc:  # report every notebook, then fail
            failed.append(nb.name)
            print(f"FAILED {nb.name}: {type(exc).__name__}: {str(exc).splitlines()[0]}", flush=True)
    print(f"{len(notebooks) - len(failed)} of {len(notebooks)} notebooks ran; executed copies in build/executed/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
