"""``python -m helpers.render.local_kernel -f CONNECTION_FILE``: an IPython kernel with no TCP port.

The renderer's kernels talk over Unix sockets (``transport = ipc``), but ipykernel also binds a
TCP port on 127.0.0.1 to collect the output of processes the kernel forks. No report notebook forks
a process that prints, so this launcher starts the ordinary kernel with that pipe turned off: the
kernel then listens on no network port at all.
"""

from __future__ import annotations

from ipykernel import iostream, kernelapp


class _LocalIOPubThread(iostream.IOPubThread):
    def __init__(self, socket, pipe=False, session=False):
        super().__init__(socket, pipe=False, session=session)


def main() -> None:
    kernelapp.IOPubThread = _LocalIOPubThread
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
