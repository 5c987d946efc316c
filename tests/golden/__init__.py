"""Golden reference data: torch's trajectories and learning rates, checked without torch installed."""
