"""Run small matrix products on one BLAS thread.

The network's matrices are small (tens of rows by 64 columns).  With OpenBLAS's default of one
thread per core, each product is split across threads that wait for one another; on a busy 2-core
machine a 420×64 by 64×64 product measured 9 ms multi-threaded against 0.4 ms on one thread.
threadpoolctl (installed with scikit-learn) limits the threads for the duration of a block and
restores them afterwards; without it the block runs unchanged.
"""

from __future__ import annotations

import contextlib

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - scikit-learn brings threadpoolctl
    threadpool_limits = None


def single_threaded():
    """A context manager limiting BLAS to one thread inside the block."""
    if threadpool_limits is None:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
