"""`mu settings`: browse and search the catalog."""

from __future__ import annotations

from typing import List, Optional

import typer

from mu_cli.errors import MuError, NotUnderstood

from . import _complete, _ui
from ._session import Session


def settings(
    ctx: typer.Context,
    words: Optional[List[str]] = typer.Argument(
        None,
        metavar="WORDS",
        autocompletion=_complete.ids,
        help="A setting or page id to show whole, or search words; omit to list everything.",
    ),
    limit: int = typer.Option(10, "--limit", metavar="N", help="How many search results."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
):
    """List catalog settings, search them by name, alias and keyword, or show one setting whole.

    \b
    Examples:
      mu settings                       # everything, pages marked
      mu settings night light           # search
      mu settings display.brightness    # one setting whole
    """
    session = Session(ctx.obj)
    query = " ".join(words or []).strip()
    if query and (query in session.catalog.settings or query in session.catalog.pages):
        info = _page_info(session.catalog, query) if query in session.catalog.pages else _setting_info(session, query)
        return _ui.emit_json(info) if json_out else _print_info(info)
    rows = _rows(session.catalog, query, limit)
    if json_out:
        _ui.emit_json(rows)
    for r in rows if not json_out else ():
        line = f"{r['id']:42s} {r['type']:8s} {r['title']}" + (f"  ({r['values']})" if r["kind"] == "setting" else "")
        _ui.out.print(line, soft_wrap=True)
    if not rows:
        raise NotUnderstood(f"no setting or page matches {query!r}")


def _rows(catalog, query: str, limit: int) -> list[dict]:
    """The search's hits for `query` (with their scores), or every setting when there is no query."""
    if not query:
        return [_row(catalog, s.id, "setting") for s in catalog.settings.values()]
    from mu_cli.search import SearchIndex

    hits = SearchIndex(catalog).search(query, limit=limit)
    return [_row(catalog, h.id, h.kind) | {"score": round(h.score, 3)} for h in hits]


def _row(catalog, ident: str, kind: str) -> dict:
    if kind == "page":
        p = catalog.pages[ident]
        return {"kind": "page", "id": p.id, "title": p.title, "type": "page", "values": ""}
    s = catalog.settings[ident]
    return {"kind": "setting", "id": s.id, "title": s.title, "type": s.kind, "page": s.page, "values": s.domain()}


def _page_info(catalog, ident: str) -> dict:
    p = catalog.pages[ident]
    return {
        "kind": "page",
        "id": p.id,
        "title": p.title,
        "description": p.description,
        "windows": p.windows,
        "gnome": p.gnome,
        "aliases": list(p.aliases),
    }


def _setting_info(session, ident: str) -> dict:
    """One setting whole: what it takes, what it is here, where it lives, what can write it."""
    s, backend = session.catalog.settings[ident], session.backend
    why = backend.unsupported(s)
    try:
        now = None if why else s.format_value(backend.read(s))
    except MuError as exc:
        now, why = None, str(exc)
    page = session.catalog.pages.get(s.page)
    default = s.format_value(s.default) if s.default is not None else None
    return {
        "kind": "setting",
        "id": s.id,
        "title": s.title,
        "type": s.kind,
        "values": s.domain(),
        "default": default,
        "now": now,
        "backend": backend.name,
        "not_here": why,
        "sandbox": not backend.availability().real,
        "page": s.page,
        "page_title": page.title if page else None,
        "description": s.description,
        "aliases": list(s.aliases),
        "opposites": list(s.opposites),
        "bindings": {name: b.via for name, b in s.bindings.items()},
        "undoable": s.undoable,
        "admin": s.admin,
    }


def _print_info(info: dict) -> None:
    for key, value in info.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        _ui.out.print(f"{key:12s} {value}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("settings", short_help="List, search or show the catalog's settings.")(settings)
