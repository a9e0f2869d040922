"""The code's shape: imports run one way (commands -> bench | training -> engine -> runtime -> the rest), with no
cycle even through imports made inside functions, and the request path loads no tooling."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each module's layer; an import may only reach the same layer or one below. Training may use the bench's
# scorer and clock (quantisation is judged by them); nothing under it uses training, and the CLI is on top.
LAYERS = [
    ("mu_cli.__main__", 5),
    ("mu_cli.commands", 5),
    ("mu_cli.training", 4),
    ("mu_cli.bench", 3),
    ("mu_cli.engine", 2),
    ("mu_cli.runtime", 1),
    ("mu_cli", 0),
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in [*(ROOT / "mu_cli").rglob("*.py"), *(ROOT / "commands").rglob("*.py")]:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        parts = ["mu_cli", *parts] if parts[0] == "commands" else parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """mu's modules that `module` imports anywhere in its body (functions included)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join(base + ([node.module] if node.module else []))
            subs = {f"{name}.{alias.name}" for alias in node.names} & set(modules)
            named.update(subs if len(subs) == len(node.names) else subs | {name})
    out = set()
    for name in named:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module and not module.startswith(name + "."):  # a package's own parents load first
            out.add(name)
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, modules) for m, p in modules.items()}


def _layer(module: str) -> int:
    return next(rank for prefix, rank in LAYERS if module == prefix or module.startswith(prefix + "."))


def test_imports_run_one_way(graph):
    upward = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets if _layer(b) > _layer(a))
    assert upward == []


def test_no_import_cycle_even_inside_functions(graph):
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_request_path_loads_no_tooling(tmp_path):
    code = (
        "import atexit, sys\n"
        "sys.argv = ['mu', 'ask', '--json', '--dry-run', 'turn on dark mode']\n"
        "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + ' '.join(sorted(m for m in sys.modules\n"
        "    if m.startswith(('mu_cli.bench', 'mu_cli.training', 'torch')) or m == 'typer'))))\n"
        "import mu_cli.runtime\n"
        "from mu_cli.commands import main\nmain()\n"
    )
    env = {**os.environ, "MU_HOME": str(tmp_path / "home"), "MU_BACKEND": "sandbox", "MU_MODEL": str(ROOT / "model")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.rsplit("LOADED", 1)[1].split() == [], done.stderr


# Written as data, not logic: the JSON Schema as nested literals.
TABLE_MODULES = {"mu_cli/catalog_schema.py"}


def test_no_function_runs_over_40_lines():
    long = []
    for path in [*(ROOT / "mu_cli").rglob("*.py"), *(ROOT / "commands").rglob("*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        if rel in TABLE_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 40:
                long.append(f"{rel}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert long == []
