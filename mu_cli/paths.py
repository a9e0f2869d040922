"""Where mu keeps user state (journal, sandbox) and where its shipped data lives."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps the catalog, model and eval set at the top level; the wheel maps them into the package.
_ROOT = PACKAGE_DIR.parent


def home() -> Path:
    """The user data dir: MU_HOME, else the platform's user data dir."""
    env = os.environ.get("MU_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mu", appauthor=False))


def cache_dir() -> Path:
    """Derived data that can be rebuilt (parsed catalogs): MU_HOME/cache, else the user cache dir."""
    env = os.environ.get("MU_HOME")
    if env:
        return Path(env).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mu", appauthor=False))


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    return inside if inside.exists() else _ROOT / name


def catalog_file() -> Path:
    return _shipped("settings_catalog.yaml")


def model_dir() -> Path:
    env = os.environ.get("MU_MODEL")
    return Path(env) if env else _shipped("model")


def eval_file() -> Path:
    """mu's own labelled eval set (eval/mu-eval.jsonl, in the scorer's gold format); `mu bench` reads it."""
    return _shipped("eval") / "mu-eval.jsonl"


def schema_file() -> Path:
    return PACKAGE_DIR / "catalog.schema.json"
