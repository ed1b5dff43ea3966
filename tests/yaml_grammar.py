"""A seeded generator of YAML texts for comparing the two readers (tests/test_readers.py).

It writes text, not data, so it reaches what a dumper never writes: comments
everywhere (inside flow collections, after block headers, between entries),
every scalar form (plain, single and double quoted with escapes, literal and
folded blocks with every header, multi-line plain and quoted text), flow
collections over several lines, long keys, and special floats as keys.
Some of what it writes is not valid YAML on purpose: then both readers must
refuse it alike.
"""

from __future__ import annotations

import random

PLAIN = ["x", "a b", "2026-04-01", "2022-02-30", "1", "-1", "0x1F", "1.5", "1e5", ".5", "1_000", "true", "False",
         "no", "on", "~", "null", ".nan", ".NaN", ".inf", "-.Inf", "+.inf", ".NAN", "NaN", "12:30", "a:b", "x#y",
         "Health & Care", "http://x.org/a?b=c", "café", "P1", "-x", "?x", ":x", "a,b", "a]b", "%x", "@x", "9" * 1001]
ESCAPES = ["\\n", "\\t", "\\\\", '\\"', "\\x41", "\\u00e9", "\\ud800", "\\udc00", "\\U0001F600", "\\U0000d800",
           "\\0", "\\a", "\\e", "\\N", "\\_", "\\L", "\\P", "\\ ", "\\/", "\\\n", "\\\n\n", "\\q", "\\x4", "\\uDBFF"]
HEADERS = ["|", ">", "|-", ">-", "|+", ">+", "|1", "|1", "|2", ">1", "|-1", "|1-", "|+2", "|-1e5", "|-1e5", "|0", "|10", "|9",
           "| # note", ">- # note", "|#x"]
# Tame documents use these alone, so that one hostile construct at a time meets the fast reader.
TAME_PLAIN = ["x", "a b", "2026-04-01", "1", "-1", "1.5", "true", "no", "~", "P1", "Health & Care", "café"]
TAME_ESCAPES = ["\\n", "\\t", "\\\\", '\\"', "\\x41", "\\u00e9"]
TAME_HEADERS = ["|", ">", "|-", ">-", "|+"]
COMMENTS = ["# c", "#", "# : x", "# {", "# ]", "#c"]
SPECIAL_KEYS = [".NaN", ".nan", ".Inf", "-.inf", ".INF", "'.NaN'", '".Inf"', "NaN", "1", "true", "~", "''", "2026-01-01",
                "'x'", '"a\\tb"', "null", "-", "? x"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.wild = True
        self.plains, self.escapes, self.headers = PLAIN, ESCAPES, HEADERS

    def chance(self, p):
        return self.r.random() < p

    def comment(self, p=0.15):
        return " " + self.r.choice(COMMENTS) if self.chance(p) else ""

    def plain(self):
        return self.r.choice(self.plains)

    def double(self):
        parts = []
        for _ in range(self.r.randrange(1, 4)):
            parts.append(self.r.choice(self.escapes) if self.chance(0.5) else self.r.choice(["a", "b c", " ", "é", "#"]))
        return '"' + "".join(parts) + '"'

    def single(self):
        return "'" + self.r.choice(["a", "it''s", "x\n\n  y", "", " a ", "#x", "a\n  b"]) + "'"

    def key(self):
        k = self.r.random()
        if k < 0.5 or not self.wild:
            return self.r.choice(["title", "id", "a", "b", "start", "end", "links"])
        if k < 0.75:
            return self.r.choice(SPECIAL_KEYS)
        if k < 0.85:
            return "k" * self.r.choice([1020, 1023, 1024, 1025, 1100])
        if k < 0.9:
            return '"' + "q" * self.r.choice([1020, 1024, 1030]) + '"'
        return self.r.choice([self.double(), self.single(), self.plain()]).replace("\n", " ")

    def scalar(self, indent, flow):
        k = self.r.random()
        if k < 0.45:
            return self.plain()
        if k < 0.65:
            return self.double()
        if k < 0.75:
            return self.single()
        if flow or k < 0.8:
            # a multi-line plain or quoted scalar
            pad = " " * (indent + 2)
            return self.r.choice(["a\n" + pad + "b", "a\n\n" + pad + "b", '"a\n' + pad + 'b"', '"a\\\n\n' + pad + 'b"'])
        header = self.r.choice(self.headers)
        pad = " " * (indent + self.r.choice([1, 2, 2, 3]))
        lines = self.r.choice([["line"], ["a", "", "b"], ["  x", "y"], [" "], ["", ""], ["a", "  b", ""], ["#x"]])
        return header + "\n" + "\n".join(pad + ln if ln.strip() else ln for ln in lines)

    def flow(self, depth, indent, multiline):
        opening, closing = ("[", "]") if self.chance(0.5) else ("{", "}")
        items = []
        for _ in range(self.r.randrange(0, 4)):
            value = self.flow_node(depth, indent, multiline)
            if opening == "{" or self.chance(0.2):  # a pair, also as a flow list's entry
                value = self.key().replace("\n", " ") + ": " + value
            items.append(value)
        text = opening
        for n, item in enumerate(items):
            text += item
            if multiline:  # the comma after the line break or before it, a comment before or after it
                pad = "\n" + " " * (indent + self.r.choice([0, 1, 2]))
                text += self.r.choice([self.comment(0.6) + pad + ", ", "," + self.comment(0.6) + pad, pad + ","])
            elif n + 1 < len(items):
                text += ", " if not self.chance(0.1) else "," + self.comment() + " "
        return text + closing

    def flow_node(self, depth, indent, multiline):
        if depth < 3 and self.chance(0.25):
            return self.flow(depth + 1, indent, multiline)
        s = self.scalar(indent, True)
        return s if multiline else s.replace("\n", " ")

    def block(self, depth, indent):
        pad = " " * indent
        out = []
        seq = self.chance(0.35)
        for _ in range(self.r.randrange(1, 4)):
            if self.chance(0.1):
                out.append(pad + self.r.choice(COMMENTS))
            if self.chance(0.05):
                out.append("")
            head = pad + "- " if seq else pad + self.key() + ":"
            v = self.r.random()
            if depth < 3 and v < 0.3:
                child = self.block(depth + 1, indent + 2)
                out.append(head.rstrip() + self.comment() + "\n" + child)
            elif v < 0.5:
                out.append(head + (" " if not seq else "") + self.flow(0, indent, self.chance(0.4)) + self.comment())
            else:
                sc = self.scalar(indent, False)
                out.append(head + (" " if not seq else "") + sc + ("" if sc[:1] in "|>" or "\n" in sc else self.comment()))
        return "\n".join(out)

    def document(self):
        self.wild = self.chance(0.6)
        tame = not self.wild
        self.plains, self.escapes, self.headers = (TAME_PLAIN, list(TAME_ESCAPES), list(TAME_HEADERS)) if tame \
            else (PLAIN, ESCAPES, HEADERS)
        if tame:  # with one hostile construct, or none
            one = self.r.choice([None, "\\ud800", "\\\n\n", "|1", "|-1e5"])
            if one:
                (self.headers if one[0] == "|" else self.escapes).append(one)
        text = self.block(0, 0) + "\n"
        if self.chance(0.1):
            text = self.r.choice(COMMENTS) + "\n" + text
        return text


def documents(seed, count):
    g = Gen(seed)
    for _ in range(count):
        yield g.document()
