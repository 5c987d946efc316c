"""A figure given as a ready spec dict, for figures too large for Plotly's per-trace validation.

``go.Figure(...)`` validates every trace and every animation frame: for the Compare page's figure
(150 frames of moving markers) that alone took 0.4-0.6 s per redraw.  Builders that assemble plain
dicts return :class:`FigureSpec`, a ``go.Figure`` that carries the dict as is, so ``st.plotly_chart``
(which calls ``to_dict()`` on a Figure and does not validate it again), ``to_html`` and the tests
all see exactly the spec that was built.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio


class FigureSpec(go.Figure):
    """A ``go.Figure`` wrapping a trusted spec dict (``data``, ``layout``, ``frames``), not validated."""

    def __init__(self, spec: dict[str, Any]):
        super().__init__()
        self._spec = spec

    @property
    def spec(self) -> dict[str, Any]:
        return self._spec

    def to_dict(self) -> dict[str, Any]:
        return self._spec

    def to_plotly_json(self) -> dict[str, Any]:
        return self._spec

    def to_json(self, *args, **kwargs) -> str:
        kwargs.setdefault("validate", False)
        return pio.to_json(self._spec, *args, **kwargs)

    def to_html(self, *args, **kwargs) -> str:
        kwargs.setdefault("validate", False)
        return pio.to_html(self._spec, *args, **kwargs)


_DTYPES = {
    np.dtype("float32"): "f4",
    np.dtype("float64"): "f8",
    np.dtype("int32"): "i4",
    np.dtype("int64"): "i4",
    np.dtype("int16"): "i2",
    np.dtype("uint8"): "u1",
}


def typed(values, dtype=None) -> dict[str, Any]:
    """A numeric array as Plotly's typed-array spec (``{"dtype", "bdata", "shape"}``): base64, not a list
    of decimal strings.  ``go.Figure`` does this in its validators; spec dicts must do it themselves.
    NaN is kept (Plotly leaves a gap)."""
    arr = np.asarray(values, dtype=dtype)
    if arr.dtype == np.int64:
        arr = arr.astype(np.int32)
    code = _DTYPES.get(arr.dtype)
    if code is None:
        arr, code = arr.astype(np.float64), "f8"
    spec = {"dtype": code, "bdata": base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode("ascii")}
    if arr.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in arr.shape)
    return spec


def decode(value) -> np.ndarray | Any:
    """The array a typed-array spec stands for (anything else is returned as an array or unchanged)."""
    if isinstance(value, dict) and "bdata" in value:
        dtype = {
            "f4": np.float32,
            "f8": np.float64,
            "i4": np.int32,
            "i2": np.int16,
            "u1": np.uint8,
            "i1": np.int8,
            "u2": np.uint16,
            "u4": np.uint32,
        }[value["dtype"]]
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=dtype)
        if "shape" in value:
            arr = arr.reshape([int(n) for n in str(value["shape"]).split(",")])
        return arr
    if isinstance(value, (list, tuple)):
        return np.asarray([np.nan if v is None else v for v in value], dtype=float)
    return value
