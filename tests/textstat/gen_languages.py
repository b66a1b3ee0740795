#!/usr/bin/env python3
"""Regenerate the hyphenation tables of the languages other than English that
src/checks/readability/ embeds (one `hyph_LANG.txt` per language).

Usage: python3 tests/textstat/gen_languages.py [DIR]

DIR defaults to src/checks/readability/.  textstat 0.7.13 set to a language
other than English (`textstat.set_lang("es")`) counts a word's syllables as
the number of hyphenation points pyphen finds with that language's
dictionary, no closer than two letters to either end, plus one; it has no
pronouncing dictionary for them.  Each table is that dictionary's patterns
(as pyphen reads them: every level, the last of two equal patterns winning,
the nonstandard-hyphenation part of a pattern dropped, since only a point's
value counts) less every pattern whose values the patterns inside it already
imply.  That pruning cannot change a result (a pattern that matches a word
brings its sub-patterns with it), and the script checks it on every word of
the texts in tests/textstat/texts/ and on the patterns' own letters.

The languages are the ones for which textstat 0.7.13 has its own Flesch
constants (LANG_CONFIGS) besides English: carebook grades no language with
another language's formula.  Hungarian is left out (a 1 MB dictionary for a
language carebook ships no interface for).

Needs: pip install textstat==0.7.13 pyphen==0.18.1
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_tables  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "src" / "checks" / "readability"
TEXTS = Path(__file__).resolve().parent / "texts"
# carebook's language -> the pyphen dictionary textstat uses for it.
LANGUAGES = {"de": "de_DE", "es": "es", "fr": "fr", "it": "it_IT", "nl": "nl_NL", "ru": "ru_RU"}


def patterns_of(dictionary: str) -> dict[str, list[int]]:
    import pyphen

    hd = pyphen.HyphDict(pyphen.LANGUAGES[dictionary])
    out = {}
    for letters, (start, values) in hd.patterns.items():
        full = [0] * (len(letters) + 1)
        for i, v in enumerate(values):
            full[start + i] = int(v)
        out[letters] = full
    return out


def prune(pats: dict[str, list[int]]) -> dict[str, list[int]]:
    # gen_tables.prune also drops the whole-word patterns of words the CMU dictionary
    # has; no other language has a pronouncing dictionary in textstat.
    return gen_tables.prune(pats, cmu=set())


def words_to_check(pats: dict[str, list[int]]) -> set[str]:
    words = set()
    for path in TEXTS.glob("*.txt"):
        words |= set(re.findall(r"[^\W\d_]+", path.read_text("utf-8").lower()))
    for k in pats:
        core = k.strip(".")
        if core.isalpha():
            words.add(core)
            words.add(core + core)
    return words


def main(argv: list[str]) -> int:
    import importlib.metadata as md

    import pyphen

    target = Path(argv[1]) if len(argv) == 2 else DEFAULT_DIR
    versions = ", ".join(f"{p} {md.version(p)}" for p in ("textstat", "pyphen"))
    for lang, dictionary in LANGUAGES.items():
        full = patterns_of(dictionary)
        pruned = prune(full)
        ph = pyphen.Pyphen(lang=dictionary)
        liang = gen_tables.Liang(pruned)
        bad = [w for w in sorted(words_to_check(full))
               if [int(p) for p in ph.positions(w)] != liang.positions(w)]
        if bad:
            sys.exit(f"{lang}: pruned patterns differ from pyphen on {len(bad)} words: {bad[:10]}")
        tokens = sorted(gen_tables.encode_pattern(k, v) for k, v in pruned.items())
        assert all(not t.startswith("%") and not any(c.isspace() for c in t) for t in tokens)
        header = [
            f"pyphen's {dictionary} hyphenation patterns (hyph_{dictionary}.dic), pruned "
            f"({len(tokens)} of {len(full)} patterns), in TeX form:",
            "letters with the Knuth-Liang value before a letter written as a digit.",
            f"Written by tests/textstat/gen_languages.py from {versions}.",
            "Do not edit by hand: rerun the script. Lines starting with % are comments.",
            "",
        ]
        lines = [f"% {h}".rstrip() for h in header]
        cur = ""
        for t in tokens:
            if cur and len(cur) + 1 + len(t) > 99:
                lines.append(cur)
                cur = ""
            cur = f"{cur} {t}" if cur else t
        lines.append(cur)
        (target / f"hyph_{lang}.txt").write_text("\n".join(lines) + "\n", "utf-8")
        print(f"{lang}: {len(tokens)} of {len(full)} patterns, checked on "
              f"{len(words_to_check(full))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
