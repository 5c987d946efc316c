"""Hyperparameter landscapes: sweeps, random vs grid search, basins of attraction, noise (no streamlit)."""
