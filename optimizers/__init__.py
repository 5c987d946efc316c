"""The optimizer zoo, learning-rate schedules and the vectorized trajectory engine.

>>> import numpy as np, optimizers, surfaces
>>> sweep = optimizers.get("sgd", lr=np.logspace(-3, 0, 64), momentum=0.9)
>>> traj = optimizers.run(surfaces.get("book_quadratic"), sweep, start=(-7, 2), steps=100)
>>> traj.xy.shape
(101, 64, 2)

Every module of this package is imported here, so an optimizer registers itself (``@register``) by
living in a module of its own: adding one needs no line in this file.
"""

import importlib
import pkgutil

from optimizers.base import Optimizer, get, names, optimizer_class  # noqa: F401
from optimizers.engine import Trajectory, run  # noqa: F401
from optimizers.handover import Stage, StagedTrajectory, run_stages  # noqa: F401

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
