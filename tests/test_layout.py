"""The house rules of the code's layout (#14): the import graph has no circles, nothing below the
pipeline imports it (or the CLI), no source file grows past 600 lines, and every command line that
worked before the CLI became a package still works."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cli

ROOT = Path(__file__).parent.parent
MAX_LINES = 600
# who may import pipeline.py: the layers above it
ABOVE_PIPELINE = ("cli", "scheduler", "jobs", "evaluation", "bench")


def project_files() -> list[Path]:
    skip = {"tests", "build", ".git", ".venv", "venv"}
    return sorted(p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the project modules it imports (at any depth in the file, function bodies too)."""
    files = {module_name(p): p for p in project_files()}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                wanted = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                wanted = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for target in wanted:
                # the longest project module the name refers to
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(f"{target}."):
                    targets.add(target)
        graph[name] = targets
    return graph


def test_no_import_circles():
    graph = import_graph()
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


def test_nothing_below_the_pipeline_imports_it_or_the_cli():
    graph = import_graph()
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if (target == "pipeline" and not name.startswith(ABOVE_PIPELINE))
        or (target.split(".")[0] == "cli" and not name.startswith("cli"))
    )
    assert not wrong, wrong


def test_no_source_file_over_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in [*project_files(), *(ROOT / "tests").glob("*.py")]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def every_command(group, path=()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from every_command(command, (*path, name))


# every command line of the CLI before it became a package (cli.py, 0.1.0)
COMMANDS_BEFORE = {
    ("analyze",), ("ingest",), ("process",), ("search",), ("crawl",), ("sources",), ("demo",),
    ("leads",), *(("leads", c) for c in
                  ("list", "show", "assign", "move", "note", "report", "spot-check", "evaluate", "reindex")),
    ("classifier",), ("classifier", "train"), ("classifier", "evaluate"), ("classifier", "predict"),
    ("db",), ("db", "backup"), ("db", "stats"), ("digest",), ("digest", "preview"),
}  # fmt: skip


def test_every_earlier_command_is_still_there():
    assert set(every_command(cli.main)) >= COMMANDS_BEFORE


@pytest.mark.parametrize("command", sorted(every_command(cli.main)), ids=" ".join)
def test_every_command_answers_help(runner, command):
    result = runner.invoke(cli.main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert " ".join(command) in result.output.splitlines()[0]


def test_top_level_help_lists_the_groups(runner):
    result = runner.invoke(cli.main, ["--help"])
    assert result.exit_code == 0
    for name in ("analyze", "ingest", "process", "search", "crawl", "sources", "leads", "classifier", "db",
                 "digest", "demo"):  # fmt: skip
        assert f"  {name} " in result.output
