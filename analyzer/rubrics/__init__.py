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
    # with at least n of the four requirements missing, the grade is at most g: ((n, g), …)
    missing_requirements_max_grade: tuple[tuple[int, int], ...] = ()


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
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 for v in weights.values()):
        raise _fail(path, "every weight must be a non-negative number")
    total = sum(weights.values())
    if abs(total - 100) > 1e-6:
        raise _fail(path, f"weights must add up to 100, they add up to {total}")
    bands = data["bands"]
    if not (isinstance(bands, list) and len(bands) == 4 and all(isinstance(b, (int, float)) and not isinstance(b, bool)
                                                               for b in bands)
            and bands == sorted(bands) and 0 <= bands[0] and bands[-1] <= 100):
        raise _fail(path, "'bands' must be 4 increasing scores between 0 and 100 (for grades 2–5)")
    def number(key: str, kind: type, low: float, high: float, default: object = None) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)) \
                or not low <= value <= high:
            shown = "a whole number" if kind is int else "a number"
            raise _fail(path, f"'{key}' must be {shown} from {low:g} to {high:g}, not {value!r}")
        return kind(value)

    pillar_without_action = number("pillar_without_action", float, 0, 1)
    actions_full = number("actions_full", int, 1, 1000)
    pillar_cap = number("missing_pillar_max_grade", int, 1, 5, 5)
    if not isinstance(data["guidance_phrases"], list) or not all(isinstance(p, str) and p.strip()
                                                                 for p in data["guidance_phrases"]):
        raise _fail(path, "'guidance_phrases' must be a list of phrases (one per line, each starting with '- ')")
    if not isinstance(data["year"], int) or not 1990 <= data["year"] <= 2100:
        raise _fail(path, f"'year' must be a year such as 2024, not {data['year']!r}")
    if not isinstance(data["topic"], str):
        raise _fail(path, "'topic' must be text")
    phrases = tuple(unicodedata.normalize("NFC", str(p)) for p in data["guidance_phrases"])
    caps = data.get("missing_requirements_max_grade", {}) or {}
    if not isinstance(caps, dict) or any(not isinstance(n, int) or not isinstance(g, int) or not 1 <= n <= 4
                                         or not 1 <= g <= 5 for n, g in caps.items()):
        raise _fail(path, "'missing_requirements_max_grade' must map a number of missing requirements (1–4) "
                          "to the highest grade (1–5)")
    return Rubric(
        year=int(data["year"]), topic=unicodedata.normalize("NFC", str(data["topic"])),
        weights={k: float(v) for k, v in weights.items()}, pillar_without_action=pillar_without_action,
        actions_full=int(actions_full), bands=tuple(float(b) for b in bands),  # type: ignore[arg-type]
        guidance_phrases=phrases, missing_pillar_max_grade=int(pillar_cap), digest=hashlib.sha256(raw_bytes).hexdigest()[:16],
        missing_requirements_max_grade=tuple(sorted(caps.items())),
    )
