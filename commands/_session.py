"""What every subcommand needs, built lazily from the root options: catalog, backend, journal, engine."""

from __future__ import annotations

from functools import cached_property


class Session:
    """`opts`: the root options (backend, catalog, debug), as `mu`'s root command or its fast lane read them."""

    def __init__(self, opts: dict | None):
        self.opts = opts or {}

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

    @property
    def lock_path(self):
        """The lock one mu holds while it reads, writes and journals (beside the journal)."""
        return self.journal.path.with_name("mu.lock")

    @cached_property
    def engine(self):
        from mu_cli.engine import Engine

        return Engine(self.catalog)


def read_lines(path: str, script: bool = False) -> list[str]:
    """The lines of a file (`-` = stdin), split on newlines only (CRLF too): one answer per input line, so a
    stray CR, form feed or U+2028 inside a line stays in it, and bytes that are not UTF-8 become U+FFFD (that
    line is then refused on its own). `script` (mu apply): blank lines and `#` comments are skipped, and a
    .yaml/.yml file is a YAML list of items."""
    import sys

    from mu_cli.errors import UsageError

    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    text = data.decode("utf-8", errors="replace")
    if script and path.lower().endswith((".yaml", ".yml")):
        import yaml

        try:
            items = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"{path}: not a valid YAML list ({exc})") from None
        if not isinstance(items, list):
            raise UsageError(f"{path}: expected a YAML list of requests")
        return [str(i) for i in items if str(i).strip()]
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it starts none
    if script:
        return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return lines
