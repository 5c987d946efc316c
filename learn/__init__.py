"""Learn pages' library: gradient checking, weight initialization and a small NumPy network.

Pure NumPy (and Plotly for :mod:`learn.figures`); nothing here imports Streamlit, so every piece is
tested without the app and can be used from a notebook.

* :mod:`learn.gradcheck` - analytic gradient against finite differences as the step h shrinks;
* :mod:`learn.activations` - sigmoid, tanh, ReLU and their derivatives;
* :mod:`learn.initialization` - the book's activation-histogram experiment (ch. 6);
* :mod:`learn.datasets` - seeded 2D classification sets and the 8x8 digits;
* :mod:`learn.layers` - forward/backward of each layer kind, written by hand;
* :mod:`learn.mlp` - a multilayer perceptron assembled from those layers;
* :mod:`learn.training` - mini-batch training with any optimizer of the library, and sanity checks;
* :mod:`learn.figures` - Plotly figure builders (data in, ``go.Figure`` out);
* :mod:`learn.blas` - one BLAS thread for the small matrix products (much faster on a busy machine).
"""
