"""The file format, declared once: every object, key, type and meaning, as frozen dataclasses.

Each declared key is a dataclass field made by `key()`, carrying its type (see
types.py), a one-line description and whether it is required. From these
declarations come the shape check (checks/shape.py), the model built here by
`build()`, the JSON Schema (`cpstrat schema`, schema.py) and the key tables in
docs/strategy-format.md, so a key cannot be declared without a place in the
model. Fields made with plain `field()` (path, progress, raw) are derived, not
read from files. Values that do not conform are left at their defaults here;
the checks report them. No IO.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Any

from cpstrat.format import frameworks, types
from cpstrat.format.frameworks import Principle
from cpstrat.format.types import Due

Raw = dict[str, Any]  # the loaded mapping (a load.Map) behind a model object, for positions


@dataclass(frozen=True)
class Key:
    """A declared key: its type (types.py), what it means, and whether a file must give it."""

    type: str
    doc: str
    required: bool = False
    name: str = ""  # the key as files write it, when that is no Python name (`from`)
    # Printed in no document: a setting for cpstrat itself; the doc says why (JSON Schema "x-internal").
    internal: bool = False
    # Who reads it: the board's documents (plan, report), the young people's version, or both
    # (JSON Schema "x-audience"). tests/test_lossless.py looks for every published key in those documents.
    audience: tuple[str, ...] = ("board",)


BOTH = ("board", "young-people")


def key(type_: str, doc: str, *, required: bool = False, default: Any=MISSING, name: str = "", internal: bool = False,
        audience: tuple[str, ...] = ("board",)) -> Any:
    """Declare a key of the file format as a dataclass field (the default follows from the type).

    Everything a council writes is published in every output format, except keys marked internal."""
    meta = {"key": Key(type_, doc, required, name=name, internal=internal, audience=audience)}
    if default is not MISSING:
        return field(default=default, metadata=meta)
    if types.map_of(type_) is not None:
        return field(default_factory=dict, metadata=meta)
    if types.is_object(type_.split("|")[-1]):
        return field(default_factory=lambda: CLASSES[type_.split("|")[-1]](), metadata=meta)
    if types.list_of(type_) is not None or type_ == "texts":
        return field(default=(), metadata=meta)
    if type_ in ("date", "number", "int", "due"):
        return field(default=None, metadata=meta)
    return field(default="", metadata=meta)


def _raw() -> Any:
    return field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Period:
    """`period:` of a strategy."""

    start: dt.date | None = key("date", "First day of the strategy period (YYYY-MM-DD).", required=True)
    end: dt.date | None = key("date", "Last day of the strategy period (YYYY-MM-DD).", required=True)
    raw: Raw = _raw()

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class LocalPrinciple:
    """A principle the council adds to the framework's (`local_principles:`)."""

    id: str = key("id", "Id of the local principle; must not clash with the framework's.", required=True)
    title: str = key("text", "Short title.", required=True)
    wording: str = key("text", "The principle in full.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Ask:
    """What a group of children and young people asked for (`asks:` of a voice)."""

    id: str = key("id", "Id of the ask; actions name it in responds_to.", required=True)
    text: str = key("text", "What was asked for.", required=True, audience=BOTH)
    quote: str = key("text", "A young person's own words, if any.", audience=BOTH)
    raw: Raw = _raw()


@dataclass(frozen=True)
class Voice:
    """A group of children and young people (`voices:`)."""

    id: str = key("id", "Id of the group.", required=True)
    name: str = key("text", "Name of the group, e.g. Children in Care Council.", required=True, audience=BOTH)
    description: str = key("text", "Who the group are and how they meet.")
    asks: tuple[Ask, ...] = key("list:Ask", "What the group asked for.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Priority:
    """A local strategic priority or area of focus (`priorities:`)."""

    id: str = key("id", "Id of the priority.", required=True)
    title: str = key("text", "Title of the priority.", required=True)
    description: str = key("text", "What the priority means.")
    principles: tuple[str, ...] = key("list:ref:principle", "Principles this priority serves.")
    outcomes: tuple[str, ...] = key("list:text", "Outcomes the priority aims for.")
    measures: tuple[str, ...] = key("list:ref:measure", "Measures (declared under actions) that show progress on it.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Measure:
    """How an action's success is measured (`measures:` of an action)."""

    id: str = key("id", "Id of the measure, e.g. A01-m1.", required=True)
    text: str = key("text", "What is measured.", required=True)
    plain_text: str = key("text", "What is measured, in everyday words, for the young people's version, which "
                                  "prints it in place of `text` (check suggests it when `text` uses a council word).",
                          audience=("young-people",))
    target: float | int | None = key("number", "The target value.")
    baseline: float | int | None = key("number", "The value at the start.")
    unit: str = key("text", "Unit of the values, e.g. %.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Milestone:
    """A step of an action with its own date, lead and status (`milestones:` of an action)."""

    id: str = key("id", "Id of the milestone, e.g. A01-1.", required=True)
    title: str = key("text", "What will be done by then.", required=True)
    due: Due | None = key("due", "When it is due: YYYY-MM-DD, YYYY-MM, a financial year (2025/26) or ongoing.")
    lead: tuple[str, ...] = key("texts", "Who leads it: text, or a list of text.")
    status: str = key("status", "Its status.")
    raw: Raw = _raw()

    @property
    def lead_text(self) -> str:
        return "; ".join(self.lead)


@dataclass(frozen=True)
class Action:
    """What the council will do (`actions:`)."""

    id: str = key("id", "Id of the action, e.g. A01.", required=True)
    title: str = key("text", "What will be done.", required=True)
    plain_title: str = key("text", "What will be done in everyday words, for the young people's version, which "
                                   "prints it in place of `title` (check suggests it when the title uses a council "
                                   "word).", audience=("young-people",))
    principles: tuple[str, ...] = key("list:ref:principle", "Principles the action serves: at least one.",
                                      required=True)
    description: str = key("text", "More detail on the action.")
    priorities: tuple[str, ...] = key("list:ref:priority", "Local priorities the action delivers.")
    responds_to: tuple[str, ...] = key("list:ref:ask", "Young people's asks the action answers.")
    depends_on: tuple[str, ...] = key("list:ref:action", "Actions that must happen first.")
    pledges: tuple[str, ...] = key("list:ref:pledge", "Pledges to children and young people the action delivers.")
    indicators: tuple[str, ...] = key("list:ref:indicator", "Performance indicators the action is meant to move.")
    lead: tuple[str, ...] = key("texts", "Who leads the action (a role, not a child): text, or a list of text "
                                         "(quote text holding commas).", audience=BOTH)
    partners: tuple[str, ...] = key("list:text", "Partner services or organisations.")
    due: Due | None = key("due", "When the action is due: YYYY-MM-DD, YYYY-MM (a month), a financial year "
                                 "(2025/26, ending 31 March) or ongoing.")
    outcome: str = key("text", "The expected outcome, in words.")
    measures: tuple[Measure, ...] = key("list:Measure", "How success is measured.")
    milestones: tuple[Milestone, ...] = key("list:Milestone", "Steps of the action with their own dates.")
    status: str = key("status", "Current status.")
    notes: str = key("text", "Anything else about the action.")
    offers: tuple[str, ...] = key("list:ref:offer", "Offers in the strategy folder's local-offer.yaml that this "
                                                    "action delivers.")
    raw: Raw = _raw()

    @property
    def lead_text(self) -> str:
        """The leads as one line (several are joined with semicolons, since a lead may hold commas)."""
        return "; ".join(self.lead)


@dataclass(frozen=True)
class Collaboration:
    """A relevant authority the council collaborates with in its corporate parenting (`collaboration:`)."""

    authority: str = key("text", "The relevant authority, e.g. the integrated care board or the Department "
                                 "for Work and Pensions.", required=True)
    how: str = key("text", "What the council and the authority do together (sharing information, advice, "
                           "co-ordinating work).")
    contact: str = key("text", "Who leads the collaboration (a role).")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Board:
    """A board or group that oversees the strategy (`boards:` of `governance:`)."""

    id: str = key("id", "Id of the board, for reports_to.")
    name: str = key("text", "Name of the board or group.", required=True, audience=BOTH)
    chair: str = key("text", "Who chairs it (a role).")
    reports_to: str = key("ref:board", "The id of the board it reports to (list outside bodies, e.g. the "
                                       "cabinet, as boards too).")
    description: str = key("text", "What it does.")
    members: str = key("text", "Who sits on it.")
    meets: str = key("text", "How often it meets.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Governance:
    """How delivery of the strategy is overseen (`governance:`)."""

    text: str = key("text", "How the strategy is governed.")
    boards: tuple[Board, ...] = key("list:Board", "Boards and groups that oversee it.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Link:
    """A related plan or document (`links:`)."""

    title: str = key("text", "Title of the plan or document.", required=True)
    url: str = key("text", "Its web address, starting https:// or http:// (anything else is an error, CP210).")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Pledge:
    """A promise made to children and young people (`pledges:`)."""

    id: str = key("id", "Id of the pledge; actions name it in pledges.", required=True)
    text: str = key("text", "The promise, as made to children and young people (the young people's version prints "
                            "it unless `plain_text` is given).", required=True)
    plain_text: str = key("text", "The promise in everyday words, for the young people's version, which prints it "
                                  "in place of `text` (check suggests it when `text` uses a council word).",
                          audience=("young-people",))
    description: str = key("text", "More about the promise.")
    from_voice: str = key("ref:voice", "The voice group that co-produced it.", name="from")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Reading:
    """An indicator's value on a date (`baseline:` of an indicator)."""

    value: float | int | None = key("number", "The value.", required=True)
    as_at: dt.date | None = key("date", "The date of the value.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Target:
    """The value an indicator aims for, and by when (`target:` of an indicator)."""

    value: float | int | None = key("number", "The target value.", required=True)
    by: dt.date | None = key("date", "The date it should be reached by.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class IndicatorData:
    """Where an indicator's figures are published (`data:` of an indicator): a CSV in the Department for
    Education's explore-education-statistics shape, in the strategy folder."""

    file: str = key("text", "The CSV file, relative to the strategy folder, e.g. data/placement-stability.csv.",
                    required=True)
    column: str = key("text", "The indicator column that holds the figures, e.g. percentage.")
    filters: dict[str, Any] = key("map:text", "Filter column -> the value that picks the indicator's rows, e.g. "
                                    "{placement_measure: Three or more placements}.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Benchmarks:
    """Whom the scorecard compares the council with (`benchmarks:`)."""

    la_code: str = key("text", "The council's new_la_code in the published files, e.g. E08000027. Internal: it "
                               "picks the council's rows; the scorecard prints the council's name.", required=True,
                       internal=True)
    statistical_neighbours: tuple[str, ...] = key(
        "list:text", "The new_la_code of each of the council's statistical neighbours. Internal: codes that pick "
                     "rows; the scorecard prints the neighbours' names.", internal=True)
    neighbours_source: str = key("text", "Where the list of neighbours comes from, e.g. the Department's "
                                         "children's services statistical neighbour model.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Indicator:
    """A plan-level performance indicator (`indicators:`)."""

    id: str = key("id", "Id of the indicator; actions and progress files name it.", required=True)
    name: str = key("text", "What is measured (required unless `catalogue:` gives it).")
    catalogue: str = key("text", "An indicator of cpstrat's catalogue (cpstrat/format/indicators.yaml), e.g. "
                                 "placement-stability-3plus: its name, definition, unit, polarity and data "
                                 "column, unless given here. Internal: the name and definition it brings are "
                                 "printed instead.", internal=True)
    definition: str = key("text", "What the figure counts, as the source defines it.")
    unit: str = key("text", "Unit of the values, e.g. %.")
    polarity: str = key("polarity", "Which direction is better: higher-is-better or lower-is-better.")
    cohort: str = key("cohort", "Who it counts: children-in-care, care-leavers or all.")
    baseline: Reading = key("Reading", "The value at the start: {value, as_at}.")
    target: Target = key("Target", "The value aimed for: {value, by}.")
    comparators: dict[str, Any] = key("map:figure", "Values to compare with, a number or words, e.g. {England: 56, "
                                          "Ofsted: In line with similar councils}.")
    source: str = key("text", "Where the figures come from.")
    data: IndicatorData = key("IndicatorData", "The published CSV the figures are read from: {file, column, "
                                               "filters}. Internal: where cpstrat reads the figures; the "
                                               "scorecard prints the figures and the file they came from.",
                              internal=True)
    raw: Raw = _raw()

    @property
    def lower_is_better(self) -> bool:
        return self.polarity == "lower-is-better"


@dataclass(frozen=True)
class Meeting:
    """The meeting a progress report goes to (`meeting:`); a line of text is also accepted."""

    name: str = key("text", "The board or committee, e.g. Corporate Parenting Board.", required=True)
    date: dt.date | None = key("date", "The date of the meeting.")
    agenda_item: str = key("text", "The agenda item number.")
    raw: Raw = _raw()

    def __bool__(self) -> bool:
        return bool(self.name)

    def __str__(self) -> str:
        parts = [self.name]
        if self.date:
            parts.append(types.day_in_words(self.date))
        if self.agenda_item:
            parts.append(f"agenda item {self.agenda_item}")
        return ", ".join(parts)

    @property
    def body(self) -> str:
        """The board or committee alone (the text form's words before its first comma)."""
        return self.name.split(",")[0].strip() if self.raw is None else self.name


@dataclass(frozen=True)
class ContactOfficer:
    """Who to contact about a progress report (`contact:` of a progress file)."""

    name: str = key("text", "Their name (an officer, not a child).")
    role: str = key("text", "Their role.")
    email: str = key("text", "Their work email address.")
    phone: str = key("text", "Their work phone number, as the council prints it, e.g. 01922 658412.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Committee:
    """The council's own committee report template (`committee:` of a strategy)."""

    headings: tuple[str, ...] = key(
        "list:text", "The council's report headings, in its order. A heading naming a part cpstrat writes "
                     "(Recommendations, Implications, Risks, Consultation, Background papers, Progress, Performance "
                     "indicators ...) is filled from it; the others from each progress file's `sections:`.")
    numbered_paragraphs: bool | None = key(
        "bool", "Number the report's sections (1, 2 ...) and their paragraphs (1.1, 1.2 ...) with Word's own "
                "numbering. Internal: it lays out the report, and is not printed.", internal=True)
    raw: Raw = _raw()


@dataclass(frozen=True)
class Implications:
    """The implications section of a progress report (`implications:`)."""

    financial: str = key("text", "The financial implications.")
    legal: str = key("text", "The legal implications.")
    equalities: str = key("text", "The equalities implications.")
    environmental: str = key("text", "The environmental implications.")
    human_resources: str = key("text", "The human resources implications.")
    consultation: str = key("text", "Who was consulted, and what they said.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class MilestoneUpdate:
    """A milestone's progress at the reporting date (`milestones:` of an update)."""

    id: str = key("ref:milestone", "The milestone, one of the action's.", required=True)
    status: str = key("status", "Its status at this date.")
    summary: str = key("text", "Progress in brief.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Update:
    """One action's progress at the reporting date (`updates:` of a progress file)."""

    action: str = key("ref:action", "The action updated.", required=True)
    status: str = key("status", "Status of the action at this date.")
    summary: str = key("text", "Progress in brief.")
    achievements: tuple[str, ...] = key("list:text", "What has been achieved.")
    challenges: tuple[str, ...] = key("list:text", "What is getting in the way.")
    measures: dict[str, Any] = key("map:number", "Measure values at this date: {measure-id: value}.")
    milestones: tuple[MilestoneUpdate, ...] = key("list:MilestoneUpdate", "Progress on the action's milestones.")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Progress:
    """A progress file (`progress/*.yaml` beside `strategy.yaml`): one per reporting point."""

    cpstrat: int = key("int", "Format version; must be 1. Internal: it tells cpstrat how to read the file.",
                       required=True, default=1, internal=True)
    as_at: dt.date | None = key("date", "The reporting date (YYYY-MM-DD).", required=True)
    issued: dt.date | None = key("date", "The day the paper went to the board (YYYY-MM-DD), on or after as_at and "
                                         "not in the future. From then on it is a record: it is rebuilt from the "
                                         "plan as committed in git on or before that day, and must not change. "
                                         "Internal: it fixes the paper, and is not printed.", internal=True)
    meeting: Meeting = key("text|Meeting", "The meeting the report goes to: a line of text, or "
                                            "{name, date, agenda_item}.")
    title: str = key("text", "Title of the report.")
    author: str = key("text", "Who wrote the report (a role).")
    report_of: str = key("text", "Whose report it is, e.g. Director of Children's Services.")
    decision_designation: str = key("text", "The decision designation on the cover of the report, e.g. For information.")
    key_decision: str = key("text", "Whether the report is a key decision, as its cover says it, e.g. No.")
    wards_affected: str = key("text", "The wards the report affects, as its cover says it, e.g. All wards.")
    contact: ContactOfficer = key("ContactOfficer", "Who to contact about the report: {name, role, email, phone}.")
    purpose: str = key("text", "Purpose of the report.")
    recommendations: tuple[str, ...] = key("list:text", "What the board is asked to do (replaces the default "
                                                        "wording).")
    background: str = key("text", "Background to the report.")
    summary: str = key("text", "Overall progress, in brief.")
    report_by: str = key("grouping", "How the report groups the updates: priority (the default where the plan has "
                                     "local priorities) or principle. Internal: it orders the report, and is not "
                                     "printed.", internal=True)
    implications: Implications = key("Implications", "Implications of the report, section by section.")
    risks: str = key("text", "Risks, printed with the implications.")
    safeguarding: str = key("text", "Safeguarding implications, printed with the others.")
    background_papers: tuple[str, ...] = key("texts", "The background papers the report relies on: text, or a "
                                                      "list of text (None, if there are none).")
    sections: dict[str, Any] = key("map:texts", "Text (or a list of text) under each of the council's own headings "
                                      "(`committee: headings:` of the strategy): {Executive Summary: ...}.")
    indicators: dict[str, Any] = key("map:number", "Each indicator's value at as_at: {indicator-id: value}.")
    headlines: tuple[str, ...] = key("list:text", "The headlines of the scorecard, each its own paragraph.")
    commentary: dict[str, Any] = key("map:text", "What the figures mean, by indicator: {indicator-id: text}.")
    updates: tuple[Update, ...] = key("list:Update", "One update per action.")
    path: str = ""
    raw: Raw = _raw()

    def update_for(self, action_id: str) -> Update | None:
        """The action's update (the first, if the file gives two: check reports that)."""
        return self._updates_by_action.get(action_id)

    @cached_property
    def _updates_by_action(self) -> dict[str, Update]:
        # asked once per action: a look-up, not a walk of every update each time
        found: dict[str, Update] = {}
        for update in self.updates:
            found.setdefault(update.action, update)
        return found


@dataclass(frozen=True)
class Contact:
    """A team or service to get in touch with (`contacts:` of a local offer, `contact:` of a strategy)."""

    name: str = key("text", "Team or service, e.g. Leaving Care Team.", required=True)
    phone: str = key("text", "The service's public phone number.")
    email: str = key("text", "The service's public email address.")
    address: str = key("text", "Where to find the service.")
    hours: str = key("text", "When it is open.")
    website: str = key("text", "The service's web page (https://...).")
    raw: Raw = _raw()


@dataclass(frozen=True)
class Offer:
    """One service or support on offer to care leavers (`offers:` of a local offer)."""

    id: str = key("id", "Id of the offer; actions name it in `offers:`.", required=True)
    area: str = key("id", "The statutory area: health-and-wellbeing, relationships, education-and-training, "
                          "employment, accommodation, participation-in-society or financial-literacy.", required=True)
    title: str = key("text", "What is on offer, as the council approved it.", required=True)
    plain_title: str = key("text", "What is on offer in everyday words, printed in place of `title` (check "
                                   "suggests it when the title uses a council word).")
    description: str = key("text", "More about it.")
    who: str = key("text", "Who can get it, e.g. care leavers aged 18 to 24.")
    how: str = key("text", "How to get it.")
    contact: str = key("text", "Whom to contact about it.")
    link: str = key("text", "A web page with more about it (https://...).")
    raw: Raw = _raw()


@dataclass(frozen=True)
class LocalOffer:
    """The local offer for care leavers (`local-offer.yaml` beside `strategy.yaml`)."""

    cpstrat: int = key("int", "Format version; must be 1.", required=True, default=1)
    council: str = key("text", "The council publishing the local offer.", required=True)
    published: dt.date | None = key("date", "When this version of the offer was published (YYYY-MM-DD).",
                                    required=True)
    title: str = key("text", "Title of the published offer (default: Your local offer).")
    introduction: str = key("text", "A few plain words to care leavers about what the offer is.")
    contacts: tuple[Contact, ...] = key("list:Contact", "Whom care leavers contact; shown first, in large type.")
    offers: tuple[Offer, ...] = key("list:Offer", "The services and support on offer, each under one statutory area.",
                                    required=True)
    arrangements: dict[str, Any] = key("map:text", "The council's arrangements under s.2(2A)-(2B), by item id: "
                                         "{housing-cooperation: ...}.")
    path: str = ""
    raw: Raw = _raw()

    def offer(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)


@dataclass(frozen=True)
class Strategy:
    """A strategy file (`strategy.yaml`, or any single `.yaml` file)."""

    cpstrat: int = key("int", "Format version; must be 1. Internal: it tells cpstrat how to read the file.",
                       required=True, default=1, internal=True)
    council: str = key("text", "The council's name.", required=True, audience=BOTH)
    title: str = key("text", "The strategy's title.", required=True)
    period: Period = key("Period", "The period the strategy covers.", required=True)
    framework: str = key("text", f"Statutory framework id: {frameworks.DEFAULT} (default), scotland-2014, or "
                                  "england-2026-relevant-authorities for a partner body's plan.",
                         default=frameworks.DEFAULT)
    status: str = key("text", "Document status, e.g. Final, or Draft for consultation.")
    approved: str = key("text", "Who approved the strategy and when, as the source says.")
    source: str = key("text", "Where the text came from: document name or address.")
    delivered_by: str = key("text", "Who delivers the strategy when it is not the council itself, e.g. a "
                                    "children's services trust.")
    links: tuple[Link, ...] = key("list:Link", "Related plans and documents: {title, url}.")
    vision: str = key("text", "The vision statement.")
    introduction: str = key("text", "Introductory text.")
    commitments: tuple[str, ...] = key("list:text", "What the council commits to ('as a council we will').")
    legislation: tuple[str, ...] = key("list:text", "Legislation the strategy relates to.")
    strengths: tuple[str, ...] = key("list:text", "Strengths found in consultation.")
    challenges: tuple[str, ...] = key("list:text", "Challenges found in consultation.")
    local_principles: tuple[LocalPrinciple, ...] = key("list:LocalPrinciple",
                                                       "Principles the council adds to the framework's.")
    voices: tuple[Voice, ...] = key("list:Voice", "Groups of children and young people and what they asked for.")
    contact: Contact = key("Contact", "Whom young people get in touch with about the plan: {name, phone, email, "
                                      "...}; the young people's version prints it under 'Want to know more?' "
                                      "(else the local offer's contacts, else the latest report's contact "
                                      "officer).", audience=("young-people",))
    pledges: tuple[Pledge, ...] = key("list:Pledge", "Promises made to children and young people.")
    priorities: tuple[Priority, ...] = key("list:Priority", "Local strategic priorities or areas of focus.")
    actions: tuple[Action, ...] = key("list:Action", "What the council will do.")
    indicators: tuple[Indicator, ...] = key("list:Indicator", "Plan-level performance indicators.")
    benchmarks: Benchmarks = key("Benchmarks", "The council's code in the published figures and its statistical "
                                               "neighbours, for the scorecard.")
    governance: Governance = key("Governance", "How delivery of the strategy is overseen.")
    committee: Committee = key("Committee", "The council's own committee report template: its headings, in its "
                                            "order, and whether paragraphs are numbered. Internal: the layout of "
                                            "the progress report (the headings print there, as its headings), not "
                                            "text of the plan.", internal=True)
    collaboration: tuple[Collaboration, ...] = key(
        "list:Collaboration", "Relevant authorities the council collaborates with in its corporate parenting "
                              "(Children's Wellbeing and Schools Act 2026).")
    glossary: dict[str, Any] = key("map:text", "Local acronyms and what they stand for, e.g. {YPA: Young Person's Advisor}.")
    status_words: dict[str, Any] = key("map:status", "The council's own status words and the status each means, e.g. "
                                           "{Green: on-track, Amber: at-risk}; accepted wherever a status is.")
    allow_names: tuple[str, ...] = key(
        "list:text", "Names of councillors and officers that may appear in published text. "
                     "Internal: a setting of the personal-data check, not text to publish.", internal=True)
    reading_ease_min: float | int | None = key(
        "number", "Lowest Flesch reading ease an action's text may score before check warns "
                  "(default 30; 0 turns it off). Internal: a setting of the readability check.", internal=True)
    path: str = ""
    progress: tuple[Progress, ...] = ()  # sorted by as_at, oldest first
    local_offer: LocalOffer | None = None  # the folder's local-offer.yaml, if any
    # each indicator's published figures (format/published.py), by indicator id, read by check
    figures: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    raw: Raw = _raw()

    def statute(self) -> frameworks.Framework | None:
        """The framework the strategy names: a bundled one, or a file of its own beside it."""
        return frameworks.get(self.framework, self.path)

    def principles(self) -> list[Principle]:
        """The framework's principles followed by the strategy's local ones."""
        fw = self.statute()
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


# Every object of the format, in the order the docs and the JSON Schema list them; the roots first.
CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    Strategy, Period, Link, LocalPrinciple, Voice, Ask, Pledge, Priority, Action, Measure, Milestone, Indicator,
    Reading, Target, IndicatorData, Benchmarks,
    Governance, Board, Committee, Progress, Meeting, ContactOfficer, Implications, Update, MilestoneUpdate,
    Collaboration, LocalOffer, Contact, Offer,
)}


def declared(name: str) -> dict[str, Key]:
    """The keys declared for object `name`, in file order."""
    return _DECLARED[name]


_DECLARED: dict[str, dict[str, Key]] = {
    name: {(f.metadata["key"].name or f.name): f.metadata["key"] for f in fields(cls) if "key" in f.metadata}
    for name, cls in CLASSES.items()
}
_FIELD: dict[str, dict[str, str]] = {
    name: {(f.metadata["key"].name or f.name): f.name for f in fields(cls) if "key" in f.metadata}
    for name, cls in CLASSES.items()
}


def field_of(name: str, key: str) -> str:
    """The dataclass field that holds declared key `key` of object `name` (`from` is held in from_voice)."""
    return _FIELD[name].get(key, key)


def build(name: str, data: Any, words: dict[str, Any] | None = None, **extra: Any) -> Any:
    """Build model object `name` from loaded data, keeping only conforming values.

    `words` are the strategy's status_words: a status written as one of them is read as the status it means
    (a strategy's own are read from its data)."""
    if name == "Strategy" and words is None and isinstance(data, dict):
        words = {str(k): v for k, v in (data.get("status_words") or {}).items() if v in types.STATUSES} \
            if isinstance(data.get("status_words"), dict) else {}
    return _builders(tuple((words or {}).items())).object(name)(data, extra)


@lru_cache(maxsize=32)
def _builders(words: tuple[Any, ...]) -> _Builders:
    return _Builders(dict(words))


class _Builders:
    """For one set of status words, a builder per object and a (test, convert) pair per type.

    Worked out once per type rather than for every value: a strategy holds hundreds of thousands of values.
    The tests are types.py's (through types.tester), with status words accepted wherever a status is."""

    def __init__(self, words: dict[str, Any]) -> None:
        self.words = words
        self.status = types.status_test(words)
        self.objects: dict[str, Callable[..., Any]] = {}

    def test(self, type_: str) -> Callable[[object], bool]:
        return self.status if type_ == "status" else types.tester(type_)

    def object(self, name: str) -> Callable[..., Any]:
        """The builder of object `name`: (data, extra fields) -> the model object."""
        builder = self.objects.get(name)
        if builder is None:
            self.objects[name] = lambda data, extra=None: self.objects[name](data, extra)  # until compiled
            builder = self.objects[name] = self._object(name)
        return builder

    def _object(self, name: str) -> Callable[..., Any]:
        cls = CLASSES[name]
        keys = _DECLARED[name]
        plan = {k: self._step(name, k, spec.type) for k, spec in keys.items()}

        def build_object(data: Any, extra: Any=None) -> Any:
            kwargs = dict(extra) if extra else {}
            if isinstance(data, dict):
                for k, value in data.items():
                    step = plan.get(k)
                    if step is None:
                        if k not in keys:
                            continue
                        step = self._step(name, k, keys[k].type)  # declared since: never dropped
                    if step[1](value):
                        kwargs[step[0]] = value if step[2] is None else step[2](value)
                kwargs["raw"] = data
            return cls(**kwargs)

        return build_object

    def _step(self, name: str, key: str, type_: str) -> tuple[Any, ...]:
        return field_of(name, key), self.test(type_), self.convert(type_)

    def convert(self, type_: str) -> Callable[..., Any] | None:
        """Turns a value that passed test(type_) into its model value (None: the value as loaded)."""
        if "|" in type_:
            return self._either(type_.split("|"))
        item = types.list_of(type_)
        if item is not None:
            return self._list(item)
        if type_ in CLASSES:
            return self.object(type_)
        of = types.map_of(type_)
        if of is not None:
            return self._map(of)
        return self._scalar(type_)

    def _either(self, alternatives: list[str]) -> Callable[..., Any]:
        """The first alternative the value takes; text stands for an object's first key."""
        target = alternatives[-1]
        choices = []
        for t in alternatives:
            convert = self.convert(t)
            if t != target and target in CLASSES:
                convert = self._first_key(target, convert)
            choices.append((self.test(t), convert))

        def either(value: Any) -> Any:
            test, convert = next(c for c in choices if c[0](value))
            return value if convert is None else convert(value)

        return either

    def _list(self, item: str) -> Callable[..., Any]:
        test, inner = self.test(item), self.convert(item)
        if inner is None:
            return lambda value: tuple([v for v in value if test(v)])
        each = inner
        return lambda value: tuple([each(v) for v in value if test(v)])

    def _map(self, of: str) -> Callable[..., Any]:
        test, inner = self.test(of), self.convert(of)
        if inner is None:
            return lambda value: {str(k): v for k, v in value.items() if test(v)}
        each = inner
        return lambda value: {str(k): each(v) for k, v in value.items() if test(v)}

    def _scalar(self, type_: str) -> Callable[..., Any] | None:
        if type_ == "date":
            return types.as_date
        if type_ == "due":
            return types.parse_due
        if type_ == "texts":
            return lambda value: (value.strip(),) if isinstance(value, str) else tuple([v.strip() for v in value])
        if type_ == "status":
            words = self.words
            return lambda value: value if value in types.STATUSES else words[value]
        if type_ in ("int", "number", "bool"):
            return None
        if type_ == "text" or types.holds_ids(type_):
            return str.strip  # their tests pass text only
        return lambda value: value.strip() if isinstance(value, str) else value

    @staticmethod
    def _first_key(target: str, convert: Callable[..., Any] | None) -> Callable[..., Any]:
        cls, first = CLASSES[target], _FIELD[target][next(iter(_DECLARED[target]))]
        return lambda value: cls(**{first: value if convert is None else convert(value)})
