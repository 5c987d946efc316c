"""What an empty control shows in place of a value (Streamlit's own placeholders are English)."""

STRINGS = {
    "common.choose_options": {"en": "Choose options", "zh": "请选择"},
}
