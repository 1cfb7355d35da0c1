"""bench/ has no import cycle: a lazy import inside a function only hides one
until someone calls it first, so every import anywhere in a file counts."""

import ast

from project import REPO

PACKAGE = "bench"


def module_names():
    """{module name: its file} of every module under bench/, packages included."""
    names = {}
    for path in sorted((REPO / PACKAGE).rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imported(name, path, modules):
    """The bench modules the module `name` (file `path`) imports, anywhere in it."""
    # A package's relative imports start from itself, a module's from its package.
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {target for target in found if target in modules and target != name}


# Packages that import every package inside them by name (importlib): the
# workloads, found by bench.workloads.built_in().
DISCOVERING = ("bench.workloads",)


def import_graph():
    modules = module_names()
    graph = {name: imported(name, path, modules) for name, path in modules.items()}
    for package in DISCOVERING:
        children = {m for m in modules if m.rpartition(".")[0] == package}
        graph[package] |= {m for m in children if modules[m].name == "__init__.py"}
    return graph


def find_cycle(graph):
    """One cycle of the graph as [a, b, ..., a], or None (depth-first search)."""
    done, path = set(), []

    def visit(node):
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph[node]):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_the_graph_sees_every_kind_of_import():
    """The graph has the edges the tests below rely on: a package's own
    submodules, `from bench import module`, an import inside a function."""
    graph = import_graph()
    assert "bench.workloads.http" in graph["bench.workloads"]
    assert "bench.workloads" in graph["bench.catalog"]
    assert "bench.pages" in graph["bench.target_server"]  # imported inside a function


def test_find_cycle_names_the_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_bench_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle in bench/: " + " -> ".join(cycle)


def test_relative_imports_resolve_from_the_package(tmp_path):
    """`from . import x` in a package's __init__ is its own submodule; `from ..y
    import z` in a submodule is the grandparent's y (z a name, not a module)."""
    modules = {"bench.w", "bench.w.x", "bench.w.a", "bench.y"}
    init = tmp_path / "__init__.py"
    init.write_text("from . import x\n")
    assert imported("bench.w", init, modules) == {"bench.w.x"}
    submodule = tmp_path / "a.py"
    submodule.write_text("def f():\n    from ..y import z\n    from .x import g\n")
    assert imported("bench.w.a", submodule, modules) == {"bench.y", "bench.w.x"}
