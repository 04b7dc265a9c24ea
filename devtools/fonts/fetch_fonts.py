"""Fetch the web fonts the pages name into static/vendor/fonts/: Noto Sans
(Latin, Vietnamese, Kyrgyz and Mongolian Cyrillic), Noto Sans Thai and Noto
Sans Khmer, regular and bold, as WOFF2 from the npm registry's @fontsource
packages (SIL Open Font License 1.1), with the @font-face rules of each
subset (fonts.css). A browser downloads only the subsets whose characters a
page uses (``unicode-range``), and uses a font the reader has installed
before any download (``local()``).

Run by a developer, never by CI or at run time (the app serves the files
itself; no font service):

    .venv/bin/python -m devtools.fonts.fetch_fonts

Needs network access to the npm registry and no Django.
"""

import io
import json
import re
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
TARGET = Path(__file__).resolve().parents[2] / "static" / "vendor" / "fonts"
WEIGHTS = (400, 700)
# package -> (family, the subsets the registry's five languages and English need)
FONTS = {
    "noto-sans": (
        "Noto Sans",
        ("latin", "latin-ext", "vietnamese", "cyrillic", "cyrillic-ext"),
    ),
    "noto-sans-thai": ("Noto Sans Thai", ("thai",)),
    "noto-sans-khmer": ("Noto Sans Khmer", ("khmer",)),
}
RULE = re.compile(r"/\* (?P<name>[\w-]+) \*/\s*@font-face \{(?P<body>[^}]*)\}")


def package(name):
    """(version, {path: bytes}) of the newest @fontsource/<name>."""
    with urllib.request.urlopen(f"{REGISTRY}/@fontsource/{name}/latest") as response:
        meta = json.load(response)
    with urllib.request.urlopen(meta["dist"]["tarball"]) as response:
        body = response.read()
    with tarfile.open(fileobj=io.BytesIO(body)) as archive:
        files = {
            member.name.removeprefix("package/"): archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.isfile()
        }
    return meta["version"], files


def face(family, weight, file_name, unicode_range, local_names):
    local = ", ".join(f'local("{name}")' for name in local_names)
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        "  font-style: normal;\n"
        f"  font-weight: {weight};\n"
        "  font-display: swap;\n"
        f'  src: {local}, url("{file_name}") format("woff2");\n'
        f"  unicode-range: {unicode_range};\n"
        "}\n"
    )


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for old in TARGET.glob("*.woff2"):
        old.unlink()
    css = [
        "/* Noto web fonts (SIL Open Font License 1.1, see LICENSE), from the npm\n"
        "   registry's @fontsource packages; written by devtools/fonts/fetch_fonts.py. */\n"
    ]
    provenance = []
    for name, (family, subsets) in FONTS.items():
        version, files = package(name)
        provenance.append(f"@fontsource/{name} {version}")
        for weight in WEIGHTS:
            rules = {
                match["name"]: match["body"]
                for match in RULE.finditer(files[f"{weight}.css"].decode())
            }
            for subset in subsets:
                file_name = f"{name}-{subset}-{weight}-normal.woff2"
                body = rules[file_name.removesuffix(".woff2")]
                unicode_range = re.search(r"unicode-range:\s*([^;]+);", body)[1]
                (TARGET / file_name).write_bytes(files[f"files/{file_name}"])
                style = "Bold" if weight == 700 else "Regular"
                full_name = f"{family} Bold" if weight == 700 else family
                postscript_name = f"{family.replace(' ', '')}-{style}"
                css.append(
                    face(family, weight, file_name, unicode_range, (full_name, postscript_name))
                )
        (TARGET / "LICENSE").write_bytes(files["LICENSE"])
    (TARGET / "fonts.css").write_text("\n".join(css))
    (TARGET / "VERSIONS").write_text("\n".join(provenance) + "\n")
    print("\n".join(provenance))
    for path in sorted(TARGET.glob("*.woff2")):
        print(f"{path.stat().st_size:>8} {path.name}")


if __name__ == "__main__":
    main()
