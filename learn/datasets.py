"""Classification data sets: seeded 2D toys generated in NumPy, and scikit-learn's bundled 8×8 digits.

Every loader returns a :class:`Dataset` already split into training and validation parts, so the
page and the tests see the same split for the same seed.  2D sets live roughly in [-1.5, 1.5]²;
digit pixels (0…16) are scaled to [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DATASETS_2D = ("spirals", "moons", "circles", "xor")
DATASETS = (*DATASETS_2D, "digits")
MAX_TEST_FRACTION = 0.5
#: the noise each 2D generator uses by default (its meaning differs per set: see each function)
DEFAULT_NOISE = {"spirals": 0.2, "moons": 0.2, "circles": 0.12, "xor": 0.25}


@dataclass(frozen=True)
class Dataset:
    """Features and integer labels, split into a training, a validation and (optionally) a test part.

    The test part is held out for one evaluation at the end (notes 001, 003): settings are chosen on
    the validation part, so the test part still estimates how the network does on new data.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    n_classes: int
    X_test: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    y_test: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def n_features(self) -> int:
        return self.X_train.shape[1]

    @property
    def is_2d(self) -> bool:
        return self.n_features == 2

    def bounds(self, margin: float = 0.25) -> tuple[tuple[float, float], tuple[float, float]]:
        """The box around every point (training and validation) with a margin, for a 2D set."""
        both = np.vstack([self.X_train, self.X_val])
        lo, hi = both.min(axis=0) - margin, both.max(axis=0) + margin
        return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def _check(n: int, noise: float, classes: int = 2) -> None:
    if int(n) < 4:
        raise ValueError(f"a data set needs at least 4 points (got {n!r})")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be ≥ 0 (got {noise!r})")
    if int(classes) < 2:
        raise ValueError(f"a classification set needs at least 2 classes (got {classes!r})")


def _balanced_labels(n: int, classes: int) -> np.ndarray:
    return np.arange(n) % classes


def spirals(n: int = 600, classes: int = 2, noise: float = 0.2, turns: float = 1.0, seed: int = 0):
    """Interleaved spiral arms, one per class, radius 0…1 (the cs231n spiral set).

    ``noise`` jitters the angle (radians, as cs231n's 0.2); ``turns`` is how far each arm winds.
    """
    _check(n, noise, classes)
    rng = np.random.default_rng(seed)
    y = _balanced_labels(n, classes)
    r = rng.random(n)
    theta = 2 * np.pi * (turns * r + y / classes) + noise * rng.standard_normal(n)
    return np.column_stack([r * np.cos(theta), r * np.sin(theta)]), y


def moons(n: int = 600, noise: float = 0.2, seed: int = 0):
    """Two interleaving half circles, centred on the origin."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    y = _balanced_labels(n, 2)
    t = np.pi * rng.random(n)
    X = np.where(y[:, None] == 0, np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    X = X - np.array([0.5, 0.25])
    return X + noise * rng.standard_normal(X.shape), y


def circles(n: int = 600, noise: float = 0.12, factor: float = 0.5, seed: int = 0):
    """A disc of one class inside a ring of the other (radius ``factor`` and 1)."""
    _check(n, noise)
    if not 0 < factor < 1:
        raise ValueError(f"the inner radius factor must be in (0, 1) (got {factor!r})")
    rng = np.random.default_rng(seed)
    y = _balanced_labels(n, 2)
    t = 2 * np.pi * rng.random(n)
    radius = np.where(y == 0, 1.0, factor)
    X = radius[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    return X + noise * rng.standard_normal(X.shape), y


def xor(n: int = 600, noise: float = 0.25, seed: int = 0):
    """Four Gaussian clusters (std ``noise``) at (±0.6, ±0.6); opposite corners share a class."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    corner = np.arange(n) % 4
    sx = np.where(corner % 2 == 0, -1.0, 1.0)
    sy = np.where(corner < 2, -1.0, 1.0)
    X = 0.6 * np.column_stack([sx, sy]) + noise * rng.standard_normal((n, 2))
    return X, (sx * sy < 0).astype(int)


def digits():
    """scikit-learn's bundled 8×8 handwritten digits (1797 images, 10 classes; no download)."""
    from sklearn.datasets import load_digits  # imported here: only this loader needs scikit-learn

    bunch = load_digits()
    return bunch.data / 16.0, bunch.target.astype(int)


def split(X: np.ndarray, y: np.ndarray, val_fraction: float, seed: int, stratify: bool = False):
    """Shuffle with ``seed`` and hold out ``val_fraction`` of the rows for validation.

    ``stratify``: scikit-learn's ``train_test_split(stratify=y)``, which keeps each class's share the
    same in both parts (a plain shuffle lets a small part's class shares drift by chance).
    """
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"the validation fraction must be in (0, 1) (got {val_fraction!r})")
    if stratify:
        from sklearn.model_selection import train_test_split  # only the stratified split needs scikit-learn

        X_a, X_b, y_a, y_b = train_test_split(X, y, test_size=val_fraction, random_state=seed, shuffle=True,
                                              stratify=y)
        return X_a, y_a, X_b, y_b
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y))
    n_val = max(1, int(round(val_fraction * len(y))))
    if n_val >= len(y):
        raise ValueError("the validation part would leave no training data")
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]


def load(name: str, n: int = 600, noise: float | None = None, classes: int = 2, val_fraction: float = 0.3,
         seed: int = 0, test_fraction: float = 0.0, stratify: bool = False) -> Dataset:
    """Generate (or load) the set ``name`` and split it; ``n``, ``noise``, ``classes`` apply to 2D sets.

    ``test_fraction`` > 0 first holds out that share of all rows as the test part; ``val_fraction`` is
    then the validation share of the rest.  ``stratify`` splits both times with scikit-learn's
    stratified ``train_test_split``.  With neither, the split is the one this page always made.
    """
    if not 0.0 <= test_fraction <= MAX_TEST_FRACTION:
        raise ValueError(f"the test fraction must be in [0, {MAX_TEST_FRACTION}] (got {test_fraction!r})")
    if noise is None and name in DEFAULT_NOISE:
        noise = DEFAULT_NOISE[name]
    if name == "spirals":
        X, y = spirals(n, classes, noise, seed=seed)
    elif name == "moons":
        X, y = moons(n, noise, seed=seed)
    elif name == "circles":
        X, y = circles(n, noise, seed=seed)
    elif name == "xor":
        X, y = xor(n, noise, seed=seed)
    elif name == "digits":
        X, y = digits()
    else:
        raise ValueError(f"data set must be one of {', '.join(DATASETS)} (got {name!r})")
    n_classes = int(y.max()) + 1
    X_test, y_test = np.zeros((0, X.shape[1])), np.zeros(0, dtype=int)
    if test_fraction > 0:
        X, y, X_test, y_test = split(X, y, test_fraction, seed + 2, stratify)
    X_train, y_train, X_val, y_val = split(X, y, val_fraction, seed + 1, stratify)
    return Dataset(name, X_train, y_train, X_val, y_val, n_classes, X_test, y_test)
