"""The optimizer zoo, learning-rate schedules and the vectorized trajectory engine.

>>> import numpy as np, optimizers, surfaces
>>> sweep = optimizers.get("sgd", lr=np.logspace(-3, 0, 64), momentum=0.9)
>>> traj = optimizers.run(surfaces.get("book_quadratic"), sweep, start=(-7, 2), steps=100)
>>> traj.xy.shape
(101, 64, 2)
"""

from optimizers import (  # noqa: F401  (register the zoo)
    adam,
    adaptive,
    extras,
    newton,
    schedules,  # noqa: F401
    sgd,
)
from optimizers.base import Optimizer, get, names, optimizer_class  # noqa: F401
from optimizers.engine import Trajectory, run  # noqa: F401
from optimizers.handover import Stage, StagedTrajectory, run_stages  # noqa: F401
