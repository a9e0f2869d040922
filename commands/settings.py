"""`mu settings`: browse and search the catalog."""
from __future__ import annotations

from typing import Optional

import typer

from . import _ui
from ._session import Session


def settings(
    ctx: typer.Context,
    query: Optional[str] = typer.Argument(None, help="Search words; omit to list everything."),
    limit: int = typer.Option(10, "--limit", help="How many search results."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
):
    """List catalog settings, or search them by name, alias and keyword."""
    from mu_cli.search import SearchIndex

    catalog = Session(ctx).catalog
    if query:
        hits = SearchIndex(catalog).search(query, limit=limit)
        rows = [{"kind": h.kind, "id": h.id, "title": h.title, "score": round(h.score, 3)} for h in hits]
    else:
        rows = [{"kind": "setting", "id": s.id, "title": s.title, "type": s.kind, "page": s.page}
                for s in catalog.settings.values()]
    if json_out:
        _ui.emit_json(rows)
        return
    for r in rows:
        _ui.out.print(f"{r['id']:45s} {r['title']}" + (f"  [{r['kind']}]" if r["kind"] == "page" else ""))


def register(app: typer.Typer) -> None:
    app.command("settings")(settings)
