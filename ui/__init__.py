"""Streamlit-side helpers shared by every page: strings, URL state, widgets, navigation.

Everything here may import streamlit; nothing in optimizers/, surfaces/ or learn/ may.
"""
