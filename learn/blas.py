"""Run small matrix products on one BLAS thread.

The network's matrices are small (tens of rows by 64 columns).  With OpenBLAS's default of one
thread per core, each product is split across threads that wait for one another; on a busy 2-core
machine a 420×64 by 64×64 product measured 9 ms multi-threaded against 0.4 ms on one thread.
threadpoolctl (installed with scikit-learn) limits the threads for the duration of a block and
restores them afterwards; without it the block runs unchanged.

``threadpool_limits()`` looks for the loaded libraries afresh on every call (it reads the
process's memory map: 2.4 ms a call here, 5 s of a 1000-epoch training run that enters the block
once per epoch), so one :class:`ThreadpoolController` is made on first use and reused: the BLAS
library NumPy loaded at import does not change.
"""

from __future__ import annotations

import contextlib

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover - scikit-learn brings threadpoolctl
    ThreadpoolController = None

_controller = None


def single_threaded():
    """A context manager limiting BLAS to one thread inside the block."""
    global _controller
    if ThreadpoolController is None:  # pragma: no cover
        return contextlib.nullcontext()
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
