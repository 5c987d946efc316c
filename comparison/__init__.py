"""The Compare page's logic without streamlit: configuration and URL keys, presets, runs and metrics."""
