"""The strategy as frozen dataclasses: what renderers, diff and compare read.

Built from loaded YAML by `build()`, generically from the declarations in
schema.py (a dataclass field per declared key). Values that do not conform
are left at their defaults here; validate.py reports them. No IO.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from cpstrat.format import frameworks, schema
from cpstrat.format.frameworks import Principle

Raw = dict  # the loaded mapping (a load.Map) behind a model object, for positions


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None
    raw: Raw = field(default=None, compare=False, repr=False)

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class LocalPrinciple:
    id: str = ""
    title: str = ""
    wording: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Ask:
    id: str = ""
    text: str = ""
    quote: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Voice:
    id: str = ""
    name: str = ""
    description: str = ""
    asks: tuple[Ask, ...] = ()
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Priority:
    id: str = ""
    title: str = ""
    description: str = ""
    principles: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Measure:
    id: str = ""
    text: str = ""
    target: float | int | None = None
    baseline: float | int | None = None
    unit: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Action:
    id: str = ""
    title: str = ""
    plain_title: str = ""
    principles: tuple[str, ...] = ()
    description: str = ""
    priorities: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    lead: str = ""
    partners: tuple[str, ...] = ()
    due: dt.date | None = None
    measures: tuple[Measure, ...] = ()
    status: str = ""
    notes: str = ""
    offers: tuple[str, ...] = ()
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Collaboration:
    authority: str = ""
    how: str = ""
    contact: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    hours: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Offer:
    id: str = ""
    area: str = ""
    title: str = ""
    description: str = ""
    who: str = ""
    how: str = ""
    contact: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class LocalOffer:
    cpstrat: int = 1
    council: str = ""
    published: dt.date | None = None
    title: str = ""
    introduction: str = ""
    contacts: tuple[Contact, ...] = ()
    offers: tuple[Offer, ...] = ()
    arrangements: dict = field(default_factory=dict)
    path: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)

    def offer(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)


@dataclass(frozen=True)
class Board:
    name: str = ""
    description: str = ""
    members: str = ""
    meets: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Governance:
    text: str = ""
    boards: tuple[Board, ...] = ()
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Implications:
    financial: str = ""
    legal: str = ""
    equalities: str = ""
    environmental: str = ""
    human_resources: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Update:
    action: str = ""
    status: str = ""
    summary: str = ""
    achievements: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    measures: dict = field(default_factory=dict)
    raw: Raw = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Progress:
    cpstrat: int = 1
    as_at: dt.date | None = None
    meeting: str = ""
    title: str = ""
    author: str = ""
    purpose: str = ""
    recommendations: tuple[str, ...] = ()
    background: str = ""
    summary: str = ""
    implications: Implications = Implications()
    updates: tuple[Update, ...] = ()
    path: str = ""
    raw: Raw = field(default=None, compare=False, repr=False)

    def update_for(self, action_id: str) -> Update | None:
        return next((u for u in self.updates if u.action == action_id), None)


@dataclass(frozen=True)
class Strategy:
    cpstrat: int = 1
    council: str = ""
    title: str = ""
    period: Period = Period()
    framework: str = frameworks.DEFAULT
    status: str = ""
    approved: str = ""
    source: str = ""
    vision: str = ""
    introduction: str = ""
    commitments: tuple[str, ...] = ()
    legislation: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    local_principles: tuple[LocalPrinciple, ...] = ()
    voices: tuple[Voice, ...] = ()
    priorities: tuple[Priority, ...] = ()
    actions: tuple[Action, ...] = ()
    governance: Governance = Governance()
    collaboration: tuple[Collaboration, ...] = ()
    glossary: dict = field(default_factory=dict)
    allow_names: tuple[str, ...] = ()
    reading_ease_min: float | int | None = None
    path: str = ""
    progress: tuple[Progress, ...] = ()  # sorted by as_at, oldest first
    local_offer: LocalOffer | None = None  # the folder's local-offer.yaml, if any
    raw: Raw = field(default=None, compare=False, repr=False)

    def principles(self) -> list[Principle]:
        """The framework's principles followed by the strategy's local ones."""
        fw = frameworks.get(self.framework)
        statutory = list(fw.principles) if fw else []
        local = [Principle(p.id, p.title, p.wording, local=True) for p in self.local_principles]
        return statutory + local

    def asks(self) -> list[tuple[Voice, Ask]]:
        return [(v, a) for v in self.voices for a in v.asks]

    def measures(self) -> list[tuple[Action, Measure]]:
        return [(a, m) for a in self.actions for m in a.measures]

    @property
    def latest(self) -> Progress | None:
        return self.progress[-1] if self.progress else None


CLASSES = {
    "Strategy": Strategy, "Period": Period, "LocalPrinciple": LocalPrinciple, "Voice": Voice,
    "Ask": Ask, "Priority": Priority, "Action": Action, "Measure": Measure,
    "Governance": Governance, "Board": Board, "Progress": Progress,
    "Implications": Implications, "Update": Update, "Collaboration": Collaboration,
    "LocalOffer": LocalOffer, "Contact": Contact, "Offer": Offer,
}


def build(name: str, data, **extra):
    """Build model object `name` from loaded data, keeping only conforming values."""
    cls = CLASSES[name]
    keys = schema.OBJECTS[name]
    kwargs = dict(extra)
    if isinstance(data, dict):
        names = _field_names(cls)
        for key, value in data.items():
            spec = keys.get(key)
            if spec is None or key not in names or not schema.conforms(value, spec.type):
                continue
            kwargs[key] = _convert(value, spec.type)
        if "raw" in names:
            kwargs["raw"] = data
    return cls(**kwargs)


def _convert(value, type_: str):
    if type_.startswith("list:"):
        inner = type_[5:]
        return tuple(_convert(v, inner) for v in value if schema.conforms(v, inner))
    if type_ in CLASSES:
        return build(type_, value)
    if type_.startswith("map:"):
        inner = type_[4:]
        return {str(k): v for k, v in value.items() if schema.conforms(v, inner)}
    if type_ == "date":
        return schema.as_date(value)
    if isinstance(value, str):
        return value.strip()
    return value


_FIELDS: dict[type, frozenset] = {}


def _field_names(cls) -> frozenset:
    if cls not in _FIELDS:
        _FIELDS[cls] = frozenset(f.name for f in fields(cls))
    return _FIELDS[cls]
