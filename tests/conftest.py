"""Test-wide settings.

The app's config hides error details from students (``showErrorDetails = "type"``); tests show them
in full so a failing page test names its error.  tests/test_deploy.py checks the served setting.
"""

from streamlit import config

config.set_option("client.showErrorDetails", "full")
