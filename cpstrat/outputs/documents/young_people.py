"""The young people's version of a plan: short, friendly, plain English.

For the Children in Care Council and care leavers' groups: "You told us ...
so we will ...", who is in charge and by when, then everything else the plan
promises, grouped under plain headings, and the words it uses explained.

`view()` turns a strategy into plain data: the council's words as written (or
its own plain versions, `plain_title` and `plain_text`), cpstrat's own words
from data/young_people.yaml; `docx()` and `text()` only lay that data out. Word
uses large sans-serif type (14 pt body); Markdown and HTML come from Jinja
templates in templates/, rendered in a sandbox (HTML autoescaped).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from cpstrat.checks import glossary
from cpstrat.format.types import month_in_words

TEMPLATES = {"md": "young-people.md.j2", "html": "young-people.html.j2"}
FONT = "Arial"
BODY_PT = 14
HEADING_PT = {1: 22, 2: 18, 3: 16}


@cache
def words() -> dict:
    import yaml

    text = resources.files("cpstrat").joinpath("data/young_people.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# -- the view: plain data, plain words ------------------------------------------------

@dataclass
class Item:
    """One promise: what we will do, who is in charge, by when, how it is going."""

    what: str
    who: str
    when: str
    how_going: str
    measure: str = ""


@dataclass
class AskBlock:
    told_us: str
    quote: str
    items: list[Item]
    note: str = ""  # where the rest of what answers it is said already (each action is said once)


@dataclass
class Contact:
    name: str
    lines: list[tuple[str, str]]  # (label, value): Phone, Email, Address, Open, Website


@dataclass
class VoiceBlock:
    name: str
    asks: list[AskBlock]


@dataclass
class Section:
    heading: str
    items: list[Item]
    note: str = ""  # said when there are no items


@dataclass
class View:
    title: str
    council: str
    period: str
    intro: list[str]
    voices: list[VoiceBlock]
    others: list[Section]
    checks: str
    more: str
    glossary: list[tuple[str, str]] = field(default_factory=list)  # (word, what it means)
    pledges: list[AskBlock] = field(default_factory=list)  # the council's promises, each with what delivers it
    contacts: list[Contact] = field(default_factory=list)  # whom to get in touch with: phone, email, ...
    doing: list[str] = field(default_factory=list)  # how we are doing: each published figure in plain words

    def texts(self) -> list[str]:
        out = [self.title, self.council, self.period, *self.intro, self.checks, self.more, *self.doing]
        for c in self.contacts:
            out += [c.name] + [v for _, v in c.lines]
        for p in self.pledges:
            out += [p.told_us] + [t for i in p.items for t in (i.what, i.who, i.measure)]
        for v in self.voices:
            out.append(v.name)
            for a in v.asks:
                out += [a.told_us, a.quote, a.note] + [t for i in a.items for t in (i.what, i.who, i.measure)]
        for s in self.others:
            out += [s.heading, s.note] + [t for i in s.items for t in (i.what, i.who, i.measure)]
        return out


def as_written(text: str) -> str:
    """The council's text exactly as written, its line breaks and runs of spaces laid out as one space.

    Nothing is reworded, shortened or dropped (acronyms stay, "(PA)" stays, "ensure" stays): where a plainer
    word would help, `check` says so (CP250) and the council writes its own plain version (`plain_title:`,
    `plain_text:`), which the documents print instead. "Words we use" explains the words and short forms."""
    return " ".join(text.split()) if text else ""


def month(day: dt.date | None) -> str:
    return month_in_words(day) if day else ""


def when(due) -> str:
    """When an action is due, in the words of the young people's version."""
    if due is None:
        return "We have not set a date yet"
    if due.kind == "ongoing":
        return "All the time: this does not stop"
    return f"By {month(due.last)}"


def view(strategy, progress=None) -> View:
    """The young people's version as data, at a progress report (default the latest)."""
    s = strategy
    reports = list(s.progress)
    if progress is not None and progress in reports:
        reports = reports[: reports.index(progress) + 1]
    item = _item_maker(reports)
    period = f"{month(s.period.start)} to {month(s.period.end)}"
    council = s.council
    groups = [v.name for v in s.voices]
    # each action is said once, where it first comes: under the promise it keeps, else under the first thing
    # young people asked for that it answers, else under its principle; a later place points back to it
    shown: dict[str, str] = {}  # action id -> where it is said: 'our promise "..."' or 'under "You told us: ..."'
    pledges = _pledge_blocks(s, shown, item)
    voices = _voice_blocks(s, shown, item)
    result = View(title=f"Our promises to you: {council}", council=council, period=period,
                  intro=_intro(s, period, groups), voices=voices, others=_other_sections(s, shown, item),
                  checks=_who_checks(s), more="", pledges=pledges, contacts=whom_to_contact(s, reports[-1] if reports else None))
    result.more = _more(result.contacts, groups)
    from cpstrat.analysis import scorecard

    result.doing = [w for w in (card.plain_words() for card in scorecard.build(s, progress).cards) if w]
    result.glossary = words_used(result, s)
    return result


def _item_maker(reports):
    """The function that says one action as young people read it, at the last of `reports`."""
    from cpstrat.analysis.compare import latest_status

    statuses = words()["statuses"]

    def item(action) -> Item:
        status = latest_status(action, reports)
        return Item(
            what=as_written(action.plain_title or action.title).rstrip("."),
            who=as_written(action.lead_text) if action.lead else "We have not said who yet",
            when=when(action.due),
            how_going=statuses.get(status, "") if status else "",
            measure=measures_sentence(action.measures),
        )

    return item


def _intro(s, period: str, groups: list[str]) -> list[str]:
    intro = [
        f"This is a short version of {s.council}'s plan for children in care and young people "
        f"leaving care. It covers {period}.",
        "The council has to look after you the way a good parent would. This is called being "
        "your corporate parent. This plan says what we will do.",
    ]
    if groups:
        intro.append(f"We made this plan with {_and(groups)}. "
                     "First we say what you told us and what we will do about it.")
    intro.append(_counts(s))
    return intro


def _block(acts, told: str, quote: str, place: str, shown: dict[str, str], item) -> AskBlock:
    """A promise or an ask with the actions first said under it, and where the others were said."""
    earlier = list(dict.fromkeys(shown[a.id] for a in acts if a.id in shown))
    new = [a for a in acts if a.id not in shown]
    shown.update((a.id, place) for a in new)
    return AskBlock(told, quote, [item(a) for a in new], _said_above(earlier, more=bool(new)))


def _pledge_blocks(s, shown: dict[str, str], item) -> list[AskBlock]:
    pledges = []
    for pledge in s.pledges:
        acts = [a for a in s.actions if pledge.id in a.pledges and a.status != "dropped"]
        told = as_written(pledge.plain_text or pledge.text).rstrip(".")
        pledges.append(_block(acts, told, "", f"our promise \u201c{told}\u201d", shown, item))
    return pledges


def _voice_blocks(s, shown: dict[str, str], item) -> list[VoiceBlock]:
    voices = []
    for voice in s.voices:
        blocks = []
        for ask in voice.asks:
            acts = [a for a in s.actions if ask.id in a.responds_to and a.status != "dropped"]
            told = as_written(ask.text).rstrip(".")
            blocks.append(_block(acts, told, ask.quote, f"\u201cYou told us: {told}\u201d", shown, item))
        if blocks:
            voices.append(VoiceBlock(as_written(voice.name), blocks))
    return voices


def _other_sections(s, shown: dict[str, str], item) -> list[Section]:
    """The actions said under no promise or ask, under their first principle in young people's words."""
    headings = words()["principles"]
    titles = {p.id: p.title for p in s.principles()}
    others: dict[str, list[Item]] = {}
    for action in s.actions:
        if action.id in shown or action.status == "dropped":
            continue
        first = action.principles[0] if action.principles else ""
        heading = headings.get(first) or as_written(titles.get(first, "Other things we will do"))
        others.setdefault(heading, []).append(item(action))
    sections = [Section(h, items) for h, items in others.items()]
    if not sections and not shown:
        sections = [Section("We are still deciding", [],
                            "This plan does not say yet what we will do. We will tell you when it does.")]
    return sections


def _who_checks(s) -> str:
    boards = [b.name for b in s.governance.boards]
    if not boards:
        return "The council's Corporate Parenting Board checks that we do what this plan says."
    return f"{_and(boards)[:1].upper()}{_and(boards)[1:]} check{'s' if len(boards) == 1 else ''} that we do " \
        "what this plan says."


def _more(contacts, groups: list[str]) -> str:
    if contacts:
        more = ("If you want to know more, or you think we are not doing what we said, get in touch using the "
                "details below, or talk to your social worker or personal adviser.")
    else:
        cicc = next((g for g in groups if "council" in g.lower()), "") or "Children in Care Council"
        more = ("If you want to know more, or you think we are not doing what we said, talk to your social "
                f"worker or personal adviser, or ask {_the(cicc)} to raise it for you.")
    if groups:
        more += f" You can also join {_and(groups)} and tell us yourself."
    return more


def _said_above(places: list[str], more: bool) -> str:
    """Where what answers a promise or an ask was said already ('' when nowhere)."""
    if not places:
        return ""
    return f"{'Some of w' if more else 'W'}hat we are doing about this is said above, under {_and_plain(places)}."


def whom_to_contact(strategy, report=None) -> list[Contact]:
    """Whom young people get in touch with: the strategy's `contact:`, else its local offer's contacts, else
    the contact officer of the progress report the version is built at (a work phone or email the council
    publishes in its board paper); none when none of these gives a way to get in touch."""
    given = [strategy.contact] if strategy.contact.name else \
        list(strategy.local_offer.contacts) if strategy.local_offer is not None else []
    out = []
    for c in given:
        lines = [(label, as_written(getattr(c, key))) for key, label in CONTACT_LINES if getattr(c, key)]
        out.append(Contact(as_written(c.name), lines))
    officer = report.contact if report is not None else None
    if not out and officer is not None and (officer.email or officer.phone):
        lines = [(label, as_written(value)) for label, value in
                 (("Name", officer.name if officer.role else ""), ("Phone", officer.phone),
                  ("Email", officer.email)) if value]
        out.append(Contact(as_written(officer.role or officer.name or "Who to contact"), lines))
    return out


CONTACT_LINES = (("phone", "Phone"), ("email", "Email"), ("address", "Address"), ("hours", "Open"),
                 ("website", "Website"))


def measures_sentence(measures) -> str:
    """How we will know an action worked, in sentences: the council's plain words for a measure where it
    gives them, else the measure as written, with the figure it aims for."""
    from cpstrat.outputs.views.context import with_unit

    plain, counted = [], []
    for m in measures:
        if m.plain_text:
            text = as_written(m.plain_text)
            plain.append(text if text.endswith((".", "!", "?")) else text + ".")
        else:
            what = as_written(m.text).rstrip(".")
            if m.target is not None:
                what += f" (we want it to reach {with_unit(m.target, m.unit)})"
            counted.append(what)
    if counted:
        plain.append(f"We will keep count of {'this' if len(counted) == 1 else 'these'}: {'; '.join(counted)}.")
    return " ".join(plain)


def _counts(strategy) -> str:
    """How many promises and things we will do, and how many of the things young people asked for have an
    answer, in sentences that count what they name."""
    promises = len(strategy.pledges)
    things = sum(1 for a in strategy.actions if a.status != "dropped")
    said = f"{things} thing{'s' if things != 1 else ''} we will do"
    if promises:
        text = (f"This plan makes {promises} promise{'s' if promises != 1 else ''} to you, "
                f"and says {said}.")
    else:
        text = f"This plan says {said}."
    asks = [a for _, a in strategy.asks()]
    if asks:
        answered = sum(1 for ask in asks if any(ask.id in a.responds_to for a in strategy.actions))
        told = "1 thing" if len(asks) == 1 else f"{len(asks)} things"
        text += f" You told us {told}. So far we have said what we will do about {answered} of them."
    return text


def words_used(v: View, strategy) -> list[tuple[str, str]]:
    """The acronyms left in the text and the explained words it uses, with their meanings."""
    from cpstrat.outputs.views.acronyms import lines_with_acronyms

    texts = v.texts()
    whole = "\n".join(texts).lower()
    lines = lines_with_acronyms(texts)
    out = dict(glossary.used(lines, dict(strategy.glossary)))
    # an acronym left as written inside a name ("LAC Health Steering Group") is explained in everyday words too
    left = {acronym for text in lines for acronym, _ in glossary.find(text)}
    for acronym, plain in words()["acronyms"].items():
        if acronym in left:
            known = out.get(acronym, "")
            everyday = plain[:1].upper() + plain[1:]
            out[acronym] = f"{known} ({plain})" if known and known.lower() != plain.lower() else known or everyday
    explained = words()["words"]
    found = [w for w in explained if w.lower() in whole and re.search(rf"\b{re.escape(w.lower())}\b", whole)]
    for word in found:
        # one entry per idea: "care leaver" covers "care leavers", "corporate parent" covers "corporate parenting"
        if not any(other != word and other.lower() in word.lower() for other in found):
            out[word[:1].upper() + word[1:]] = explained[word]
    return sorted(out.items(), key=lambda kv: kv[0].lower())


def _and(names: list[str]) -> str:
    """'the A, the B and the C'."""
    names = [_the(n) for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _and_plain(texts: list[str]) -> str:
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else "the " + name


# -- Word ---------------------------------------------------------------------------------

def docx(v: View, reference: bytes, when: dt.datetime) -> bytes:
    from cpstrat.outputs.word.docxlib import Document

    doc = Document(reference)
    large_type(doc)
    doc.set_properties(title=v.title, language="en-GB", subject="The young people's version of the plan",
                       author=v.council, keywords="corporate parenting, young people")
    doc.title(v.title, [f"What we will do for children in care and care leavers, {v.period}"])
    doc.heading("About this plan", 2)
    for para in v.intro:
        doc.paragraph(para)
    if v.pledges:
        doc.heading("Our promises to you", 2)
        for pledge in v.pledges:
            doc.heading(f"We promise: {pledge.told_us}", 3)
            if pledge.items:
                doc.paragraph("", bold_prefix="What we are doing about it:")
                _items(doc, pledge.items)
            if pledge.note:
                doc.paragraph(pledge.note)
            if not pledge.items and not pledge.note:
                doc.paragraph("We have not said yet how we will keep this promise. We will tell you when we have.")
    if v.voices:
        doc.heading("You told us, so we will", 2)
        for voice in v.voices:
            doc.heading(f"What {_the(voice.name)} told us", 3)
            for ask in voice.asks:
                doc.heading(f"You told us: {ask.told_us}", 4)
                if ask.quote:
                    doc.paragraph(f"\u201c{ask.quote}\u201d", style=_style(doc, "Quote"),
                                  bold_prefix="In your words: ")
                if ask.items:
                    doc.paragraph("", bold_prefix="So we will:")
                    _items(doc, ask.items)
                if ask.note:
                    doc.paragraph(ask.note, bold_prefix="So we will: " if not ask.items else "")
                if not ask.items and not ask.note:
                    doc.paragraph("We have not decided what to do about this yet. We will tell you when we have.",
                                  bold_prefix="So we will: ")
    if v.others:
        doc.heading("Other things we will do" if v.voices else "What we will do", 2)
        for section in v.others:
            doc.heading(section.heading, 3)
            if section.note:
                doc.paragraph(section.note)
            _items(doc, section.items)
    if v.doing:
        doc.heading("How we are doing", 2)
        for line in v.doing:
            doc.paragraph(line)
    doc.heading("Who checks we do it", 2)
    doc.paragraph(v.checks)
    doc.heading("Want to know more?", 2)
    doc.paragraph(v.more)
    contacts(doc, v.contacts)
    words_we_use(doc, v.glossary)
    return doc.to_bytes(when)


def contacts(doc, people, level: int = 3) -> None:
    """Each contact under its own heading, with a line for each of phone, email, address, hours and website."""
    for c in people:
        doc.heading(c.name, level)
        for label, value in c.lines:
            doc.paragraph(value, bold_prefix=f"{label}: ")


def words_we_use(doc, glossary) -> None:
    """The closing table of words and short forms, in the plain words the whole version uses."""
    if glossary:
        doc.heading("Words we use", 2)
        doc.table(["Word", "What it means"], [list(pair) for pair in glossary],
                  caption="Words and short forms used in this document", widths_cm=[5, 11])


def _items(doc, items: list[Item]) -> None:
    bullet, under = _style(doc, "List Bullet"), _style(doc, "List Continue")
    for it in items:
        doc.paragraph("", style=bullet, bold_prefix=it.what + ".")
        doc.paragraph(it.who, style=under, bold_prefix="Who is in charge: ")
        doc.paragraph(it.when, style=under, bold_prefix="When: ")
        if it.measure:
            doc.paragraph(it.measure, style=under, bold_prefix="How we will know it worked: ")
        if it.how_going:
            doc.paragraph(it.how_going, style=under, bold_prefix="How it is going: ")


def _style(doc, name: str) -> str | None:
    """The style if the reference document has it (a council's own reference may not)."""
    return name if name in {s.name for s in doc.doc.styles} else None


def large_type(doc) -> None:
    """Large, sans-serif type in every style the document uses (14 pt body, bigger headings)."""
    from docx.shared import Pt

    styles = doc.doc.styles
    for style in styles:
        if style.type != 1 and style.type != 3:  # paragraph and table styles
            continue
        name = style.name or ""
        level = int(name.split()[-1]) if name.startswith("Heading ") and name.split()[-1].isdigit() else 0
        size = HEADING_PT.get(level, BODY_PT + 2 if level else BODY_PT)
        if name in ("Title",):
            size = 26
        style.font.size = Pt(size)
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
        if fonts is not None:
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{attr}", None)
    for name in ("Title Char", "Subtitle Char"):
        if name in [s.name for s in styles]:
            styles[name].font.size = Pt(26 if name == "Title Char" else 16)
            styles[name].font.name = FONT


# -- Markdown and HTML ----------------------------------------------------------------------

def template_source(fmt: str) -> str:
    from cpstrat.format.shipped import template_file

    return template_file(TEMPLATES[fmt]).read_text("utf-8")


def text(v: View, fmt: str, source: str | None = None) -> str:
    """The version as Markdown or HTML, from the built-in template or `source`, in the templates' sandbox."""
    from cpstrat.outputs.web.pages import compile_template, fill

    template = compile_template(source if source is not None else template_source(fmt), fmt, the=_the)
    return fill(template, v=v, font_pt=BODY_PT, local_glossary=dict(v.glossary))
