"""Shell completion of setting ids (and a choice setting's values) for `mu apply` and `mu settings`."""

from __future__ import annotations


def _catalog():
    try:
        from mu_cli.catalog import Catalog

        return Catalog.load()
    except Exception:  # noqa: BLE001 - completion never breaks the shell
        return None


def assignments(incomplete: str) -> list[str]:
    """`display.br` -> `display.brightness=`; `personalization.color_mode=d` -> `...=dark`."""
    catalog = _catalog()
    if catalog is None:
        return []
    sid, eq, typed = incomplete.partition("=")
    if eq:
        setting = catalog.settings.get(sid)
        if setting is None:
            return []
        values = (
            list(setting.choice_ids) if setting.kind == "choice" else ["on", "off"] if setting.kind == "toggle" else []
        )
        return [f"{sid}={v}" for v in values if v.startswith(typed)]
    return [f"{s}=" for s in sorted(catalog.settings) if s.startswith(incomplete)]


def ids(incomplete: str) -> list[str]:
    """Setting and page ids that start with what was typed."""
    catalog = _catalog()
    if catalog is None:
        return []
    return sorted(i for i in (*catalog.settings, *catalog.pages) if i.startswith(incomplete))
