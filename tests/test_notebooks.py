"""The notebooks: committed without outputs, and they run top to bottom producing their plots."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# notebook → how many plots it draws at least
EXPECTED = {
    "01_explore_batch.ipynb": 4,
    "02_error_analysis.ipynb": 4,
}


def repo_notebooks() -> list[Path]:
    """Every .ipynb git tracks or would track (untracked, not ignored); the notebooks folder without git."""
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.ipynb"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return sorted(NOTEBOOKS.rglob("*.ipynb"))
    return sorted(ROOT / name for name in listed if (ROOT / name).is_file())


def test_every_notebook_is_saved_without_outputs():
    notebooks = repo_notebooks()
    assert {p.name for p in notebooks} >= set(EXPECTED)
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert cell.outputs == [], f"{path.name} cell {i} has outputs: clear them before committing"
                assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_and_draws(name, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits it: no GUI backend, ever
    copy = tmp_path / name
    shutil.copy(NOTEBOOKS / name, copy)  # run a copy, so the committed file stays output-free
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(nb, timeout=150, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= EXPECTED[name], f"{name} drew {len(images)} plots"
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any('class="mh-doc"' in h for h in html), "show_document did not render"
