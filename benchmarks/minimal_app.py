"""The reference for benchmarks/latency.py: the smallest Streamlit chart app, one slider and one contour.

Run alone with ``streamlit run benchmarks/minimal_app.py``.  Moving the slider redraws the contour
of (x² + a·y²) with ``a`` in the title, which is what the benchmark waits for.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

a = st.slider("a", 1, 100, 10)
x = np.linspace(-2, 2, 120)
xx, yy = np.meshgrid(x, x)
fig = go.Figure(go.Contour(x=x, y=x, z=xx**2 + a * yy**2, ncontours=30))
fig.update_layout(title=f"a = {a}", height=500)
st.plotly_chart(fig)
