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
    """Derived data that can be rebuilt (compiled catalogs, optimised graphs): MU_CACHE, else MU_HOME/cache,
    else the user cache dir."""
    env = os.environ.get("MU_CACHE")
    if env:
        return Path(env).expanduser()
    env = os.environ.get("MU_HOME")
    if env:
        return Path(env).expanduser() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mu", appauthor=False))


def prune_cache(directory: Path, pattern: str, keep: int, spare: Path | None = None) -> None:
    """Keep the `keep` most recently used files matching `pattern` in `directory` (and `spare`); remove
    the rest, so the cache stays bounded however many catalogs, models and onnxruntime versions pass."""
    try:
        files = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [f for f in files if f != spare][max(keep - (spare is not None), 0) :]:
        try:
            old.unlink()
        except OSError:
            pass  # another process's file in use, or already gone


def load_cached(path: Path, kind: type):
    """The `kind` object pickled in the cache at `path` (marked as just used), or None when it is missing, stale
    or damaged (the caller builds it again)."""
    import pickle

    try:
        with open(path, "rb") as fh:
            obj = pickle.load(fh)
    except Exception:  # noqa: BLE001 - any unreadable cache file is rebuilt
        return None
    if not isinstance(obj, kind):
        return None
    touch(path)
    return obj


def store_cached(path: Path, obj, keep: int) -> None:
    """Pickle `obj` to the cache at `path` (atomically), keeping the `keep` most recently used files of its kind
    (the same name before its first "-"). An unwritable cache only costs time."""
    import pickle

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune_cache(path.parent, f"{path.name.split('-')[0]}-*{path.suffix}", keep, spare=path)
    except Exception:  # noqa: BLE001
        pass


def touch(path: Path) -> None:
    """Mark a cache file as just used (prune_cache keeps the most recently used)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    return inside if inside.exists() else _ROOT / name


def catalog_file() -> Path:
    return _shipped("settings_catalog.yaml")


def model_dir() -> Path:
    """The model mu runs: MU_MODEL, else one `mu train` wrote to the user data dir, else the shipped one."""
    env = os.environ.get("MU_MODEL")
    if env:
        return Path(env)
    user = user_model_dir()
    return user if (user / "model.json").is_file() else shipped_model_dir()


def shipped_model_dir() -> Path:
    return _shipped("model")


def user_model_dir() -> Path:
    """Where `mu train` writes by default (never over the shipped model, which may sit in site-packages)."""
    return home() / "model"


def eval_file() -> Path:
    """mu's own labelled eval set (eval/mu-eval.jsonl, in the scorer's gold format); `mu bench` reads it."""
    return _shipped("eval") / "mu-eval.jsonl"


def schema_file() -> Path:
    return PACKAGE_DIR / "catalog.schema.json"
