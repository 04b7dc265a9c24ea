"""core/ is the floor under the apps: it imports none of them, at the top of a
module or anywhere else."""

import ast

import pytest

from ..source import ROOT, imported_modules

APPS = {"entities", "research", "workflow", "sse_registry", "devtools"}
CORE_MODULES = sorted((ROOT / "core").rglob("*.py"))


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_no_app(path):
    for module in imported_modules(path):
        assert module.split(".")[0] not in APPS, f"{path.relative_to(ROOT)} imports {module}"


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_only_at_the_top_of_its_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
            assert not inner, f"{path.relative_to(ROOT)}: an import inside {node.name}"
