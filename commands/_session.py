"""What every subcommand needs, built lazily from the root options: catalog, backend, journal, engine."""
from __future__ import annotations

from functools import cached_property

import typer


class Session:
    def __init__(self, ctx: typer.Context):
        self.opts = ctx.obj or {}

    @cached_property
    def catalog(self):
        from mu_cli.catalog import Catalog

        return Catalog.load(self.opts.get("catalog") or [])

    @cached_property
    def backend(self):
        from mu_cli.backends import detect

        return detect(self.opts.get("backend"), self.catalog)

    def backend_named(self, name: str):
        from mu_cli.backends import detect

        return self.backend if name == self.backend.name else detect(name, self.catalog)

    @cached_property
    def journal(self):
        from mu_cli.journal import Journal

        return Journal()

    @cached_property
    def engine(self):
        from mu_cli.engine import Engine

        return Engine(self.catalog)


def read_lines(path: str) -> list[str]:
    """Requests from a file (`-` = stdin): one per line, or a YAML list when the file is one."""
    import sys

    from mu_cli.errors import UsageError

    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if text.lstrip().startswith("- "):
        import yaml

        try:
            items = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"{path}: not a valid YAML list ({exc})") from None
        if not isinstance(items, list):
            raise UsageError(f"{path}: expected a YAML list of requests")
        return [str(i) for i in items if str(i).strip()]
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
