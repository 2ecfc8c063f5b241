"""The package's layout is the flow it implements: one folder per stage, lower stages never importing higher ones,
no import circles, a thin CLI, and no module much over 400 lines. The rules are in the README's architecture
section; each check is also run on a small made-up package to show it can fail."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"

# The stages in the order data flows through them. A stage may import the stages before it, never one after it;
# stages that share a rank are peers and import neither each other. `registers` turns the rows of data/registers
# into claims, so it sits just above `data`. `synth` writes data/ files and reads nothing
# built, so it imports only `data`. `errors` (the root exception class) is imported by every stage.
ORDER: list[set[str]] = [
    {"data", "rdf"},
    {"registers"},
    {"store"},
    {"tenure"},
    {"graph"},
    {"questions"},
    {"views", "serve", "extract"},
    {"cli"},
]
SHARED = {"errors"}
ONLY = {"synth": {"data"}}
MAX_LINES = 420

# What the CLI may import at run time: argument parsing, terminal output, and the library. No RDF, no files.
CLI_ALLOWED_IMPORTS = {"__future__", "sys", "enum", "pathlib", "typing", "collections.abc", "operator", "typer", "rich"}
CLI_FORBIDDEN_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink", "rmtree",
                       "query", "update", "serialize"}
SPARQL_WORDS = ("SELECT ", "CONSTRUCT ", "PREFIX ", "INSERT ")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST) -> Iterable[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:` (imports for annotations only create no dependency)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The package's own modules that `path` imports at run time (at the top or inside a function)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else target)
    return {m for m in found if m in modules and m != name}


def import_graph(root: Path) -> nx.DiGraph:
    paths = sorted(root.rglob("*.py"))
    modules = {module_name(p, root) for p in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for p in paths:
        graph.add_edges_from((module_name(p, root), target) for target in imports(p, root, modules))
    return graph


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def rank(name: str) -> int | None:
    return next((i for i, names in enumerate(ORDER) if name in names), None)


def circles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def back_edges(graph: nx.DiGraph) -> list[str]:
    """Imports that go from a stage to a later one or to a peer, and imports from `synth` beyond what it may use."""
    wrong = []
    for a, b in graph.edges:
        sa, sb = stage(a), stage(b)
        if sa == sb or sb in SHARED or sa is None:
            continue
        if sa in ONLY:
            if sb not in ONLY[sa]:
                wrong.append(f"{a} -> {b} ({sa} may import only {sorted(ONLY[sa])})")
            continue
        ra, rb = rank(sa), rank(sb) if sb is not None else None
        if sb in ONLY and sa == "cli":
            continue
        if ra is None or rb is None or rb >= ra:
            wrong.append(f"{a} -> {b} ({sa} may not import {sb})")
    return sorted(wrong)


def cli_problems(root: Path) -> list[str]:
    """What makes a CLI module more than argument parsing and calls into the library."""
    problems = []
    for path in sorted((root / "cli").glob("*.py")):
        where = path.relative_to(root.parent)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_nodes(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                if isinstance(node, ast.ImportFrom) and node.level:
                    continue  # the package itself
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    if name.split(".")[0] != root.name and not any(
                        name == ok or name.startswith(ok + ".") for ok in CLI_ALLOWED_IMPORTS
                    ):
                        problems.append(f"{where}:{node.lineno}: imports {name}")
            elif isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if called in CLI_FORBIDDEN_CALLS:
                    problems.append(f"{where}:{node.lineno}: calls {called}()")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if any(word in node.value for word in SPARQL_WORDS):
                    problems.append(f"{where}:{node.lineno}: SPARQL text")
            elif isinstance(node, ast.ClassDef) and not any(
                isinstance(b, ast.Name) and b.id.endswith("Enum") for b in node.bases
            ):
                problems.append(f"{where}:{node.lineno}: defines class {node.name} (only choice enums belong here)")
    return problems


def long_modules(root: Path) -> list[str]:
    return [
        f"{p.relative_to(root.parent)}: {n} lines"
        for p in sorted(root.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


# --- the rules, on the real package ---


def test_every_module_is_in_a_stage() -> None:
    stages = {stage(m) for m in import_graph(PACKAGE).nodes}
    known = set().union(*ORDER, SHARED, ONLY, {None})
    assert stages <= known, f"modules outside any stage folder: {sorted(s for s in stages - known if s)}"
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "errors.py"], f"only errors.py stays at the top of kg/: {top}"


def test_no_import_circles() -> None:
    assert circles(import_graph(PACKAGE)) == []


def test_stages_import_only_earlier_stages() -> None:
    assert back_edges(import_graph(PACKAGE)) == []


def test_cli_only_parses_arguments_and_calls_the_library() -> None:
    assert cli_problems(PACKAGE) == []


def test_no_module_much_over_400_lines() -> None:
    assert long_modules(PACKAGE) == []


def test_every_stage_says_what_enters_and_what_leaves() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "Enters:" in doc and "Leaves:" in doc, f"{folder.name}/__init__.py must say what enters and leaves"


def test_readme_states_the_same_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = " < ".join(", ".join(sorted(names)) for names in ORDER)
    assert line in readme, f"the README's architecture section must state the stage order: {line}"


# --- the checks can fail: a made-up package that breaks every rule ---


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        {
            "__init__.py": "",
            "errors.py": "",
            "data/__init__.py": "",
            "data/a.py": "from ..graph import b\n",  # data importing graph: a back edge
            "graph/__init__.py": "",
            "graph/b.py": "def f():\n    from ..data import a\n",  # and a circle, through a function-level import
            "graph/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..cli import main\n",
            "synth/__init__.py": "",
            "synth/w.py": "from ..graph import c\n",  # synth may import only data
            "views/__init__.py": "",
            "views/v.py": "from ..extract import e\n",  # peers
            "extract/__init__.py": "",
            "extract/e.py": "",
            "cli/__init__.py": "",
            "cli/main.py": (
                "import json\nfrom rdflib import Graph\nfrom ..data import a\n"
                "class Helper:\n    pass\n"
                "def cmd(p):\n    p.write_text('x')\n    return 'SELECT ?s WHERE { ?s ?p ?o }'\n"
            ),
        },
    )


def test_a_circle_is_found(broken: Path) -> None:
    assert circles(import_graph(broken)) == [["pkg.data.a", "pkg.graph.b"]]


def test_back_edges_peers_and_synth_are_found(broken: Path) -> None:
    found = back_edges(import_graph(broken))
    assert any(e.startswith("pkg.data.a -> pkg.graph.b") for e in found)
    assert any(e.startswith("pkg.synth.w -> pkg.graph.c") for e in found)
    assert any(e.startswith("pkg.views.v -> pkg.extract.e") for e in found)
    assert not any("pkg.graph.c -> pkg.cli" in e for e in found)  # an import for annotations only is no dependency
    assert not any(e.startswith("pkg.graph.b -> pkg.data.a") for e in found)


def test_a_fat_cli_is_found(broken: Path) -> None:
    found = cli_problems(broken)
    assert any("imports json" in p for p in found)
    assert any("imports rdflib" in p for p in found)
    assert any("defines class Helper" in p for p in found)
    assert any("calls write_text()" in p for p in found)
    assert any("SPARQL text" in p for p in found)
    assert not any("imports pkg" in p or "..data" in p for p in found)


def test_a_long_module_is_found(tmp_path: Path) -> None:
    pkg = _write(tmp_path, {"__init__.py": "", "big.py": "x = 1\n" * (MAX_LINES + 1)})
    assert long_modules(pkg) == [f"pkg/big.py: {MAX_LINES + 1} lines"]
