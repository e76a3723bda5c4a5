"""Keep the Urdu catalogue in step with the code: `python -m desktop.i18n_tools`.

It finds every `tr("...")` and `N_("...")` in `desktop/` and every `msg("...")`
template in `domain/` (the operator-facing error messages, see `domain.errors`),
adds the new texts to `resources/translations/daftar_ur.ts` (marked unfinished),
marks texts no longer used as obsolete, keeps every existing translation, and
compiles the `.qm` with Qt's lrelease (shipped with PySide6 as `pyside6-lrelease`).
pyside6-lupdate would not see `tr()` as a plain function, hence this small extractor.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.i18n import CONTEXT
from domain.resources import resource_path

DESKTOP = Path(__file__).resolve().parent
DOMAIN = DESKTOP.parent / "domain"
SERVER = DESKTOP.parent / "server"
MARKERS = {"tr", "N_"}
#: The domain's message maker; counted only in modules that import it from domain.errors,
#: so that no other function called `msg` adds texts by accident.
DOMAIN_MARKER = "msg"


def ts_path(lang: str = "ur") -> Path:
    return resource_path("translations", f"daftar_{lang}.ts")


def _marked(tree: ast.AST, markers: set[str]) -> list[tuple[str, int]]:
    """(text, line) of every call `marker("literal", ...)` in the tree."""
    return [
        (node.args[0].value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in markers
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def _imports_msg(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "domain.errors"
        and any(a.name == DOMAIN_MARKER and a.asname is None for a in node.names)
        for node in ast.walk(tree)
    )


def extract(root: Path = DESKTOP) -> dict[str, str]:
    """Every marked text in the desktop sources -> "file:line" of its first use."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for text, line in _marked(tree, MARKERS):
            found.setdefault(text, f"{path.relative_to(root.parent)}:{line}")
    return found


def extract_domain(root: Path = DOMAIN) -> dict[str, str]:
    """Every `msg("...")` template in the domain sources -> "file:line" of its first use."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if not _imports_msg(tree):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == DOMAIN_MARKER
                and not (
                    node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                )
            ):
                raise ValueError(
                    f"{path.relative_to(root.parent)}:{node.lineno}: write the "
                    f"{DOMAIN_MARKER}() template as a literal string, or it cannot "
                    "be translated"
                )
        for text, line in _marked(tree, {DOMAIN_MARKER}):
            found.setdefault(text, f"{path.relative_to(root.parent)}:{line}")
    return found


def catalogue() -> dict[str, str]:
    """The texts of the Urdu catalogue: the desktop's and the domain's messages."""
    found = extract_domain()
    found.update(extract_domain(DESKTOP))  # errors the desktop raises as DomainError
    found.update(extract_domain(SERVER))  # the server's own refusals, shown by the desktop
    found.update(extract())  # a text in both keeps its desktop location
    return found


def read_ts(path: Path) -> dict[str, str]:
    """source -> translation ("" when not translated yet)."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        out[source] = (translation.text or "") if translation is not None else ""
    return out


def write_ts(path: Path, lang: str, texts: dict[str, str], translations: dict[str, str]) -> None:
    root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in sorted(set(texts) | set(translations)):
        message = ET.SubElement(context, "message")
        if source in texts:
            file, line = texts[source].rsplit(":", 1)
            ET.SubElement(message, "location", filename=file, line=line)
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        text = translations.get(source, "")
        if source not in texts:
            translation.set("type", "vanished")
        elif not text:
            translation.set("type", "unfinished")
        translation.text = text
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        f.write(ET.tostring(root, encoding="unicode"))
        f.write("\n")


def lrelease() -> str:
    for candidate in (
        Path(sys.executable).parent / "pyside6-lrelease",
        shutil.which("pyside6-lrelease"),
        shutil.which("lrelease"),
    ):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise FileNotFoundError("pyside6-lrelease not found: install PySide6 in this environment")


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


def untranslated(lang: str = "ur") -> list[str]:
    texts = catalogue()
    translations = read_ts(ts_path(lang))
    return sorted(t for t in texts if not translations.get(t))


def main(argv: list[str] | None = None) -> int:
    lang = "ur"
    path = ts_path(lang)
    texts = catalogue()
    translations = read_ts(path)
    write_ts(path, lang, texts, translations)
    compile_ts(path, path.with_suffix(".qm"))
    missing = untranslated(lang)
    print(f"{len(texts)} texts, {len(missing)} without an Urdu translation")
    for text in missing:
        print("  ", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
