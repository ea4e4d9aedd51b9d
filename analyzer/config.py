"""One validated configuration with every default in one place.

Example:
    >>> Config(jobs=2).with_changes(max_bytes=1_000_000).max_bytes
    1000000
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def read_yaml(text: str) -> object:
    """``yaml.safe_load`` through libyaml's C parser where PyYAML has it (8× faster at start-up).

    Example:
        >>> read_yaml("[{id: a, weight: 2}]")
        [{'id': 'a', 'weight': 2}]
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)


def cache_dir() -> Path | None:
    """Where derived start-up data is kept between runs (today: the word segmenter's tables).

    ``MOHINH_CACHE_DIR`` if set (``off`` or empty: no cache), else ``$XDG_CACHE_HOME/mohinh`` or
    ``~/.cache/mohinh``. Everything kept there is rebuilt when missing, stale or unreadable.

    Example:
        >>> cache_dir().name if "MOHINH_CACHE_DIR" not in os.environ else "mohinh"
        'mohinh'
    """
    value = os.environ.get("MOHINH_CACHE_DIR")
    try:
        if value is not None:
            return None if value.strip().lower() in ("", "off", "0", "none", "false") else Path(value).expanduser()
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mohinh"
    except (RuntimeError, KeyError):  # no home directory to expand "~" to
        return None
    # without a home directory "~" stays as it is: a relative path would litter the working folder
    return folder if folder.is_absolute() else None


@dataclass(frozen=True)
class Config:
    """Run settings. Sizes in bytes; ``jobs=0`` means all cores; ``include_hidden`` also walks
    hidden directories (``.git``, ``.cache``) of a scored folder (hidden files are always listed)."""

    max_bytes: int = 50_000_000
    max_unpacked: int = 200_000_000
    max_chars: int = 5_000_000
    rubric: str = "2024"
    jobs: int = 0
    strict: bool = False
    include_hidden: bool = False

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "int" and (not isinstance(value, int) or value < 0):
                raise ValueError(f"Config.{f.name} must be a non-negative integer, got {value!r}")

    def with_changes(self, **changes: object) -> "Config":
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def workers(self) -> int:
        """Worker processes to use."""
        return self.jobs or os.cpu_count() or 1
