"""Stored files go through Django's storage API only (core/files.py), so web and worker hosts can share an
object store: no code of the portal asks where a stored file lives on disk."""

import ast
from pathlib import Path

from django.conf import settings


def _source(node: ast.AST) -> str:
    return ast.unparse(node)


def _forbidden(node: ast.AST) -> str | None:
    """What ``node`` does that only the storage API may do, if anything."""
    if isinstance(node, ast.Attribute):
        owner = _source(node.value)
        if node.attr == "path" and owner.split(".")[-1].endswith("file"):
            return "a FieldFile's .path"
        if node.attr == "path" and "storage" in owner:
            return "Storage.path()"
        if node.attr == "MEDIA_ROOT":
            return "MEDIA_ROOT"
        if node.attr == "replace" and owner == "os":
            return "os.replace"
    if isinstance(node, ast.Name) and node.id == "MEDIA_ROOT":
        return "MEDIA_ROOT"
    if isinstance(node, ast.Constant) and node.value == "MEDIA_ROOT":
        return "MEDIA_ROOT"
    return None


#: (file, what) allowed, each with its reason.
ALLOWED = {
    ("config/settings.py", "MEDIA_ROOT"): "where the file system store is configured",
    ("bench/run.py", "MEDIA_ROOT"): "a standalone run configures its own throwaway store, as settings do",
    ("scripts/multihost.py", "MEDIA_ROOT"): "gives each host of the several-hosts run an empty store of its own",
    ("scripts/backup_check.py", "MEDIA_ROOT"): "wipes the store it has just backed up, to prove the restore",
    ("meetings/packs/assembly.py", "os.replace"): (
        "the page engine knows nothing of storage: it writes the local file its caller names, completely "
        "or not at all; the caller stores it"
    ),
    ("meetings/minutes/signing.py", "os.replace"): (
        "the signing key is written to its own file outside the store (never into it), completely or not at all"
    ),
}


def _app_code():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        parts = relative.parts
        if parts[0] in {"node_modules", "testsupport", "staticfiles", "media"} or parts[0].startswith("."):
            continue
        if "tests" in parts or "migrations" in parts or relative.name == "conftest.py":
            continue
        yield str(relative), ast.parse(path.read_text())


def _found(tree: ast.AST) -> list[tuple[int, str, str]]:
    return [(node.lineno, what, _source(node)) for node in ast.walk(tree) if (what := _forbidden(node))]


def test_app_code_reaches_stored_files_only_through_the_storage_api():
    found = [
        f"{name}:{line}: {what}: {code}"
        for name, tree in _app_code()
        for line, what, code in _found(tree)
        if (name, what) not in ALLOWED
    ]
    assert found == []


def test_the_scan_sees_what_it_looks_for():
    def whats(code: str) -> set[str]:
        return {what for _, what, _ in _found(ast.parse(code))}

    assert whats("Path(paper.file.path)") == {"a FieldFile's .path"}
    assert whats("src = build.original_file.path") == {"a FieldFile's .path"}
    assert whats("fieldfile.path") == {"a FieldFile's .path"}
    assert whats('default_storage.path(f"packs/{meeting_id}")') == {"Storage.path()"}
    assert whats('storages["default"].path(name)') == {"Storage.path()"}
    assert whats("Path(settings.MEDIA_ROOT) / 'papers'") == {"MEDIA_ROOT"}
    assert whats("getattr(settings, 'MEDIA_ROOT')") == {"MEDIA_ROOT"}
    assert whats("os.replace(output, target)") == {"os.replace"}
    assert whats("request.path; paper_source.path; os.path.join(a, b); name.replace('a', 'b')") == set()
    assert whats('"""Packs live under MEDIA_ROOT/packs."""') == set()  # prose may name it
    assert len(list(_app_code())) > 50  # the scan reads the portal's modules, not nothing
