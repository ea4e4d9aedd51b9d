"""Shared fixtures: the sample folder and a scored copy of it (scored once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def scored_samples(tmp_path_factory) -> Path:
    from analyzer.batch import score_folder
    from analyzer.config import Config

    out = tmp_path_factory.mktemp("scored")
    score_folder(SAMPLES, out, config=Config(jobs=1), progress=False)
    return out
