"""The surface catalogue: importing this module registers every built-in surface, in menu order.

The order of registration is the order of ``surfaces.names()`` and of the app's menu:

1. ``book_quadratic`` (the default), ``quadratic``, ``rosenbrock``, ``distill_rosenbrock``, ``beale``,
   ``himmelblau``, ``rastrigin``, ``ackley``, ``booth``, ``goldstein_price``, ``six_hump_camel``,
   ``three_hump_camel``, ``matyas``, ``levy13``, ``styblinski_tang``, ``saddle``, ``monkey_saddle``
   -- functions from textbooks and the optimisation-benchmark literature (:mod:`surfaces.classic`);
2. ``plateau``, ``cliff`` -- surfaces designed here to teach one lesson each (:mod:`surfaces.teaching`).
"""

from surfaces import classic, teaching  # noqa: F401  (imported for their @register side effects)
