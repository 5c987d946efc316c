"""The README's "Use from Python" example runs as written and its comments tell the truth."""

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_example_runs_and_its_numbers_hold():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "README has no python example"
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)  # our own README, not user input
    np.testing.assert_allclose(namespace["traj"].lr[:3, 0], [0.0, 5e-05, 1e-04])
    t = namespace["t"]
    assert t.final_loss.shape == (64,) and (t.diverged_at >= 0).sum() == 4
    assert namespace["basins"].xy.shape == (2, 65536, 2)


def test_readme_book_figure_claim():
    import optimizers
    import surfaces

    book = surfaces.get("book_quadratic")
    traj = optimizers.run(book, optimizers.get("adam", lr=0.3), start=book.start, steps=29)
    np.testing.assert_allclose(traj.xy[-1, 0], [0.020157, 0.321957], atol=1e-6)
