"""Hypothesis strategies for whole strategy files, drawn from the format's own declarations (schema.OBJECTS).

Every declared key can appear, with text from every character class (control and format characters,
private use, astral-plane text) in short and long (past 255 characters) runs, numbers up to huge
magnitudes, and references that point at ids that exist, so the files pass `check` and reach every
command. A key added to schema.py is drawn from as soon as it is declared.
"""

from __future__ import annotations

import datetime as dt
import string
from collections import defaultdict

import yaml
from hypothesis import strategies as st

from cpstrat.format import frameworks, schema, types

# Every code point but lone surrogates, which UTF-8 cannot carry.
CHARACTERS = st.characters(blacklist_categories=("Cs",))
SHORT = st.text(CHARACTERS, min_size=1, max_size=30)
LONG = st.text(CHARACTERS, min_size=256, max_size=400)
# Control characters, escapes, bidi controls, markup and astral text, so each class turns up often.
AWKWARD = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u202e",
                           "\u2028", "\ufeff", "\ufffe", "\U0001F600", "\U00010348", "\U000E0001", "=1+1",
                           "<b>&amp;", "~~~", "- ", "1. ", "# ", "{{ x }}", "{% raw %}", "'", '"', "\\", "\t"])
TEXT = st.one_of(SHORT, SHORT, LONG, st.lists(st.one_of(AWKWARD, SHORT), min_size=1, max_size=6).map("".join)
                 ).filter(lambda s: s.strip())
SHORT_OR_AWKWARD = st.one_of(SHORT, AWKWARD)
NUMBERS = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                    st.floats(-1e6, 1e6, allow_nan=False))
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))
ACRONYMS = st.text(string.ascii_uppercase, min_size=2, max_size=6)
FRAMEWORKS = sorted(frameworks.available())

# The kinds a `ref:KIND` may name, and the objects that declare them.
REFERENCED = {"principle": None, "priority": "Priority", "ask": "Ask", "action": "Action", "measure": "Measure"}


class Ids:
    """Unique ids per run, and what each kind has declared so far (for references)."""

    def __init__(self, text=None):
        self.text = text if text is not None else TEXT  # the strategy for free text
        self.used: set[str] = set()
        # a kind declared in another file (offers, in local-offer.yaml) has nothing to name here
        self.kinds: dict[str, list[str]] = defaultdict(list)

    def new(self, draw, kind: str) -> str:
        prefix = draw(st.sampled_from([kind[:1].upper(), kind, f"{kind}.x", f"{kind}_9-"]))
        value = f"{prefix}{len(self.used)}"
        self.used.add(value)
        return value


def value(draw, ids: Ids, key: str, type_: str, owner: str):
    if "|" in type_:  # either form
        return value(draw, ids, key, draw(st.sampled_from(type_.split("|"))), owner)
    if type_.startswith("ref:"):
        pool = ids.kinds[type_[4:]]
        return draw(st.sampled_from(pool)) if pool else None  # None: left out
    if type_.startswith("list:"):
        inner = type_[5:]
        if inner.startswith("ref:"):
            pool = ids.kinds[inner[4:]]
            if key == "principles":
                return draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4, unique=True))
            return draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)) if pool else []
        size = 3 if inner in schema.OBJECTS else 4
        return [value(draw, ids, key, inner, owner) for _ in range(draw(st.integers(0, size)))]
    if type_.startswith("map:"):
        inner = {"map:text": ids.text, "map:number": NUMBERS, "map:status": st.sampled_from(types.STATUSES),
                 "map:figure": st.one_of(NUMBERS, ids.text)}[type_]
        return draw(st.dictionaries(ACRONYMS, inner, max_size=3))
    if type_ in schema.OBJECTS:
        return obj(draw, ids, type_)
    if type_ == "text":
        if key == "url":  # a link is a web address (CP210): any text after the scheme
            return "https://example.gov.uk/" + draw(st.text(string.ascii_letters + string.digits + "-._~/?=&%", max_size=30))
        return draw(ids.text)
    if type_ == "texts":  # text, or a list of text
        return draw(st.one_of(ids.text, st.lists(ids.text, min_size=1, max_size=3)))
    if type_ == "number":
        return draw(st.floats(0, 100) if key == "reading_ease_min" else NUMBERS)
    if type_ == "date":
        return draw(DATES)
    if type_ == "due":  # a date, a month, a financial year or `ongoing`
        return draw(st.one_of(DATES, DATES.map(lambda d: f"{d:%Y-%m}"),
                              DATES.map(lambda d: f"{d.year}/{(d.year + 1) % 100:02d}"), st.just("ongoing")))
    if type_ in types.ENUMS:
        return draw(st.sampled_from(types.ENUMS[type_]))
    if type_ == "status":
        return draw(st.sampled_from(types.STATUSES))
    if type_ == "int":
        return types.FORMAT_VERSION
    if type_ == "bool":
        return draw(st.booleans())
    if type_ == "id":
        kind = {v: k for k, v in REFERENCED.items() if v}.get(owner, owner.lower())
        new = ids.new(draw, kind)
        if kind in ids.kinds:
            ids.kinds[kind].append(new)
        return new
    if type_ == "bool":
        return draw(st.booleans())
    raise AssertionError(f"schema type {type_!r} has no generator: add one to tests/schema_gen.py")


NOT_DRAWN = {"Indicator": ("data", "catalogue"), "Strategy": ("benchmarks",)}
ALWAYS = {"Indicator": ("name",)}


def obj(draw, ids: Ids, name: str, skip=()) -> dict:
    """One object of the schema: every required key, and each optional key two times in three."""
    out = {}
    keys = schema.OBJECTS[name]
    # published figures come from a CSV file and the catalogue names a fixed list: tests of their own
    # (test_scorecard.py) draw them; an indicator without either gives its name
    skip = (*skip, *NOT_DRAWN.get(name, ()))
    # declared ids first, so references drawn later in the same object can name them
    for key in sorted(keys, key=lambda k: keys[k].type != "id"):
        if key in skip or not (keys[key].required or key in ALWAYS.get(name, ()) or draw(st.integers(0, 2))):
            continue
        drawn = value(draw, ids, key, keys[key].type, name)
        if drawn is not None:
            out[key] = drawn
    return out


@st.composite
def strategies(draw) -> dict:
    """A whole strategy that checks without errors: references name ids that exist."""
    ids = Ids()
    framework = draw(st.sampled_from(FRAMEWORKS))
    ids.kinds["principle"] = [p.id for p in frameworks.get(framework).principles]
    start = draw(DATES)
    data = {"cpstrat": 1, "framework": framework,
            "period": {"start": start, "end": start + dt.timedelta(days=draw(st.integers(0, 3650)))}}
    local = [obj(draw, ids, "LocalPrinciple") for _ in range(draw(st.integers(0, 2)))]
    for principle in local:
        principle["id"] = f"local-{principle['id']}"
        ids.kinds["principle"].append(principle["id"])
    # declared in dependency order: asks and priorities before the actions that name them, and the
    # priorities' measures (declared inside actions) last
    voices = [obj(draw, ids, "Voice") for _ in range(draw(st.integers(0, 2)))]
    priorities = [obj(draw, ids, "Priority", skip={"measures"}) for _ in range(draw(st.integers(0, 3)))]
    actions = [obj(draw, ids, "Action") for _ in range(draw(st.integers(1, 4)))]
    for priority in priorities:
        if ids.kinds["measure"] and draw(st.booleans()):
            priority["measures"] = value(draw, ids, "measures", "list:ref:measure", "Priority")
    rest = obj(draw, ids, "Strategy", skip={"cpstrat", "framework", "period", "local_principles", "voices",
                                            "actions", "priorities"})
    data.update(rest)
    data.update(local_principles=local, voices=voices, actions=actions, priorities=priorities)
    return data


def ids_of(data: dict) -> Ids:
    """The ids a strategy declares, so edits to it can draw references that exist."""
    ids = Ids()
    ids.kinds["principle"] = [p.id for p in frameworks.get(data["framework"]).principles]
    ids.kinds["principle"] += [p["id"] for p in data["local_principles"]]
    ids.kinds["priority"] = [p["id"] for p in data["priorities"]]
    ids.kinds["ask"] = [a["id"] for v in data["voices"] for a in v.get("asks", [])]
    ids.kinds["action"] = [a["id"] for a in data["actions"]]
    ids.kinds["measure"] = [m["id"] for a in data["actions"] for m in a.get("measures", [])]
    ids.used = {i for pool in ids.kinds.values() for i in pool}
    return ids


def keyed(data: dict) -> list[tuple[str, dict]]:
    """Every keyed object of a strategy (as loaded YAML) with its schema name."""
    out = [("Priority", p) for p in data["priorities"]] + [("Voice", v) for v in data["voices"]]
    out += [("Ask", a) for v in data["voices"] for a in v.get("asks", [])]
    out += [("Action", a) for a in data["actions"]]
    out += [("Measure", m) for a in data["actions"] for m in a.get("measures", [])]
    return out


def edit(draw, data: dict) -> None:
    """Give one field of one keyed object a newly drawn value (ids stay, references stay valid)."""
    name, target = draw(st.sampled_from(keyed(data)))
    keys = {k: v for k, v in schema.OBJECTS[name].items() if v.type != "id"}
    key = draw(st.sampled_from(sorted(keys)))
    ids = ids_of(data)
    if (name, key) in (("Action", "measures"), ("Voice", "asks")):
        return  # new measures or asks would drop ids that others name; edits to each Measure and Ask cover this
    target[key] = value(draw, ids, key, keys[key].type, name)


class Dumper(yaml.SafeDumper):
    """Writes every text double-quoted, so no text reads back as a number, date or boolean (PyYAML leaves
    `1e+100` plain, which YAML 1.2 readers, cpstrat among them, read as a number)."""


Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**9)
