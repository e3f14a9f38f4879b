"""The demo content: one YAML file per app in ``demo/data/`` (``boards.yaml``, ``meetings.yaml``, ...).

Pure data, no Django, so the checks of the data run without a database. An app that adds demo content adds
its own file; :func:`demo_content` reads one of them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

try:  # the C parser when PyYAML was built with libyaml, else the pure-Python one: both safe
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader


def demo_content(app: str) -> dict:
    """The content of ``demo/data/<app>.yaml`` as plain dicts, lists, strings, numbers and booleans."""
    path = DATA_DIR / f"{app}.yaml"
    with path.open(encoding="utf-8") as file:
        content = yaml.load(file, Loader=SafeLoader)
    if not isinstance(content, dict):
        raise ValueError(f"{path.name}: expected a mapping of sections at the top level.")
    return content
