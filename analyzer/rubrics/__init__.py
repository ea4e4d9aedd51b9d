"""Campaign rubrics (one YAML file per year), validated loudly on load.

Example:
    >>> round(sum(load_rubric("2024").weights.values()))
    100
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from analyzer.config import read_yaml
from analyzer.errors import E, DataFileError

RUBRIC_DIR = Path(__file__).resolve().parent
PARTS = ("hoc_tap", "lam_theo", "neu_guong", "resolution_target", "shortcoming", "exemplar", "roadmap",
         "action_share", "slogan_index")


@dataclass(frozen=True)
class Rubric:
    """Weights (points out of 100), grade bands and the year's guidance wording."""

    year: int
    topic: str
    weights: dict[str, float]
    pillar_without_action: float
    actions_full: int
    bands: tuple[float, float, float, float]
    guidance_phrases: tuple[str, ...]
    missing_pillar_max_grade: int
    digest: str


def _fail(path: Path, detail: str) -> DataFileError:
    return DataFileError(E.RUBRIC_FILE, path=path, detail=detail)


@functools.lru_cache(maxsize=8)
def load_rubric(name: str = "2024") -> Rubric:
    """Load ``rubrics/<name>.yaml`` (or a path to a YAML file) and validate every field."""
    available = ", ".join(sorted(p.stem for p in RUBRIC_DIR.glob("*.yaml")))
    if not name.endswith((".yaml", ".yml")) and ("/" in name or "\\" in name or Path(name).is_file()):
        raise _fail(Path(name), f"a rubric file must be YAML (.yaml or .yml); or give a year: {available}")
    path = Path(name) if name.endswith((".yaml", ".yml")) else RUBRIC_DIR / f"{name}.yaml"
    if not path.is_file():
        shown = Path(name) if name.endswith((".yaml", ".yml")) else name
        raise _fail(shown, f"no such rubric; a year ({available}) or a path to a .yaml file")
    raw_bytes = path.read_bytes()
    try:
        data = read_yaml(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        raise _fail(path, f"cannot be read: {err}") from None
    if not isinstance(data, dict):
        raise _fail(path, "the file must be a mapping")
    for key in ("year", "topic", "weights", "bands", "guidance_phrases", "pillar_without_action", "actions_full"):
        if key not in data:
            raise _fail(path, f"missing field '{key}'")
    weights = data["weights"]
    if not isinstance(weights, dict) or set(weights) != set(PARTS):
        raise _fail(path, f"'weights' must have exactly the parts {', '.join(PARTS)}")
    if any(not isinstance(v, (int, float)) or v < 0 for v in weights.values()):
        raise _fail(path, "every weight must be a non-negative number")
    total = sum(weights.values())
    if abs(total - 100) > 1e-6:
        raise _fail(path, f"weights must add up to 100, they add up to {total}")
    bands = data["bands"]
    if not (isinstance(bands, list) and len(bands) == 4 and bands == sorted(bands) and 0 <= bands[0] and bands[-1] <= 100):
        raise _fail(path, "'bands' must be 4 increasing scores between 0 and 100 (for grades 2–5)")
    if not 0 <= float(data["pillar_without_action"]) <= 1:
        raise _fail(path, "'pillar_without_action' must be between 0 and 1")
    phrases = tuple(unicodedata.normalize("NFC", str(p)) for p in data["guidance_phrases"])
    return Rubric(
        year=int(data["year"]), topic=unicodedata.normalize("NFC", str(data["topic"])),
        weights={k: float(v) for k, v in weights.items()}, pillar_without_action=float(data["pillar_without_action"]),
        actions_full=int(data["actions_full"]), bands=tuple(float(b) for b in bands),  # type: ignore[arg-type]
        guidance_phrases=phrases, missing_pillar_max_grade=int(data.get("missing_pillar_max_grade", 5)), digest=hashlib.sha256(raw_bytes).hexdigest()[:16],
    )
