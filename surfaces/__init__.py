"""2D loss surfaces with exact gradients and Hessians, known minima and default views.

>>> import surfaces
>>> s = surfaces.get("rosenbrock", b=100)
>>> s.f([1.0, 1.0])
array(0.)
"""

from surfaces import catalog  # noqa: F401  (registers the catalogue)
from surfaces.base import Minimum, Surface, entry, get, names  # noqa: F401
from surfaces.expression import ExpressionError, from_expression  # noqa: F401
