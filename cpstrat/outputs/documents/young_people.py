"""The young people's version of a plan: short, friendly, plain English.

For the Children in Care Council and care leavers' groups: "You told us ...
so we will ...", who is in charge and by when, then everything else the plan
promises, grouped under plain headings, and the words it uses explained.

`view()` turns a strategy into plain data with the wording already made plain
(acronyms said in full, council phrases swapped for everyday ones, from
data/young_people.yaml); `docx()` and `text()` only lay that data out. Word
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

FORMATS = ("docx", "md", "html")
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

    def texts(self) -> list[str]:
        out = [self.title, self.council, self.period, *self.intro, self.checks, self.more]
        for p in self.pledges:
            out += [p.told_us] + [t for i in p.items for t in (i.what, i.who, i.measure)]
        for v in self.voices:
            out.append(v.name)
            for a in v.asks:
                out += [a.told_us, a.quote] + [t for i in a.items for t in (i.what, i.who, i.measure)]
        for s in self.others:
            out += [s.heading, s.note] + [t for i in s.items for t in (i.what, i.who, i.measure)]
        return out


class Plain:
    """Makes council text plain for one document: acronyms said in full once, phrases swapped."""

    def __init__(self, strategy):
        data = words()
        self.local = dict(strategy.glossary)
        self.say = {k: v for k, v in data["acronyms"].items()}
        phrases = sorted(data["phrases"].items(), key=lambda kv: -len(kv[0]))
        self.phrases = [(re.compile(rf"\b{re.escape(k)}\b", re.I), v) for k, v in phrases]
        # every phrase in one pattern: a text it does not match is left as it is by all of them
        self.any_phrase = re.compile("|".join(p.pattern for p, _ in self.phrases), re.I) if phrases else None
        self.acronyms = [
            # "Education, Employment and Training (EET)": the words are already there
            (acronym, re.compile(rf" ?\({re.escape(acronym)}s?\)"),
             # "LAC Health Steering Group" is a name: left as written, and the glossary explains LAC
             re.compile(rf"(?<![\w&]){re.escape(acronym)}(?![\w&])"), _unless_in_name(words_))
            for acronym, words_ in self.say.items()]
        self.done: set = set()
        # each distinct text's acronyms and phrases replaced (a plan repeats its leads); what is spelled out
        # in full depends on what came before, so that is done every time
        self.reworded: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        text = " ".join(text.split())
        reworded = self.reworded.get(text)
        if reworded is None:
            reworded = self.reworded[text] = self._reword(text)
        text = glossary.spell_out(reworded, self.local, self.done, names=True)
        return text[:1].upper() + text[1:]

    def _reword(self, text: str) -> str:
        for acronym, defined, alone, replace in self.acronyms:
            if acronym in text:  # both patterns hold it as written
                text = alone.sub(replace, defined.sub("", text))
        if self.any_phrase is not None and self.any_phrase.search(text):
            for pattern, replacement in self.phrases:
                text = pattern.sub(lambda m, r=replacement: _same_case(m.group(0), r), text)
        return text


def _unless_in_name(words: str):
    """A replacement for an acronym that leaves it as written where it is part of a name."""
    def replace(m: re.Match) -> str:
        return m.group(0) if glossary.in_name(m.string, m.start(), m.end()) else words
    return replace


def _same_case(found: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


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
    from cpstrat.analysis.compare import latest_status

    s = strategy
    data = words()
    plain = Plain(s)
    reports = list(s.progress)
    if progress is not None and progress in reports:
        reports = reports[: reports.index(progress) + 1]

    def item(action) -> Item:
        status = latest_status(action, reports)
        measure = action.measures[0].text if action.measures else ""
        return Item(
            what=plain(action.plain_title or action.title).rstrip("."),
            who=plain(action.lead_text) if action.lead else "We have not said who yet",
            when=when(action.due),
            how_going=data["statuses"].get(status, "") if status else "",
            measure=plain(measure),
        )

    period = f"{month(s.period.start)} to {month(s.period.end)}"
    council = s.council
    groups = [v.name for v in s.voices]
    intro = [
        f"This is a short version of {council}'s plan for children in care and young people "
        f"leaving care. It covers {period}.",
        "The council has to look after you the way a good parent would. This is called being "
        "your corporate parent. This plan says what we will do.",
    ]
    if groups:
        intro.append(f"We made this plan with {_and(groups)}. "
                     "First we say what you told us and what we will do about it.")
    intro.append(_counts(s))

    answered: set[str] = set()
    # the council's pledges come first: each with the actions that keep it
    pledges = []
    for pledge in s.pledges:
        acts = [a for a in s.actions if pledge.id in a.pledges and a.status != "dropped"]
        answered.update(a.id for a in acts)
        pledges.append(AskBlock(plain(pledge.text).rstrip("."), "", [item(a) for a in acts]))
    voices = []
    for voice in s.voices:
        blocks = []
        for ask in voice.asks:
            acts = [a for a in s.actions if ask.id in a.responds_to]
            answered.update(a.id for a in acts)
            blocks.append(AskBlock(plain(ask.text).rstrip("."), ask.quote, [item(a) for a in acts]))
        if blocks:
            voices.append(VoiceBlock(plain(voice.name), blocks))

    headings = data["principles"]
    titles = {p.id: p.title for p in s.principles()}
    others: dict[str, list[Item]] = {}
    for action in s.actions:
        if action.id in answered or action.status == "dropped":
            continue
        first = action.principles[0] if action.principles else ""
        heading = headings.get(first) or plain(titles.get(first, "Other things we will do"))
        others.setdefault(heading, []).append(item(action))
    sections = [Section(h, items) for h, items in others.items()]
    if not sections and not any(a.items for v in voices for a in v.asks):
        sections = [Section("We are still deciding", [],
                            "This plan does not say yet what we will do. We will tell you when it does.")]

    boards = [b.name for b in s.governance.boards]
    checks = (f"{_and(boards)} check{'s' if len(boards) == 1 else ''} that we do what this plan says."
              if boards else "The council's Corporate Parenting Board checks that we do what this plan says.")
    more = ("If you want to know more, or you think we are not doing what we said, talk to your social "
            "worker or personal adviser.")
    if groups:
        more += f" You can also join {_and(groups)} and tell us yourself."
    result = View(title=f"Our promises to you: {council}", council=council, period=period, intro=intro,
                  voices=voices, others=sections, checks=plain(checks), more=more, pledges=pledges)
    result.glossary = words_used(result, s)
    return result


def _counts(strategy) -> str:
    """How many promises, and how many of the things young people asked for have one, in a sentence."""
    promises = sum(1 for a in strategy.actions if a.status != "dropped")
    asks = [a for _, a in strategy.asks()]
    text = f"There {'is 1 promise' if promises == 1 else f'are {promises} promises'} in this plan."
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
            else:
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
                else:
                    doc.paragraph("We have not decided what to do about this yet. We will tell you when we have.",
                                  bold_prefix="So we will: ")
    if v.others:
        doc.heading("Other things we will do" if v.voices else "What we will do", 2)
        for section in v.others:
            doc.heading(section.heading, 3)
            if section.note:
                doc.paragraph(section.note)
            _items(doc, section.items)
    doc.heading("Who checks we do it", 2)
    doc.paragraph(v.checks)
    doc.heading("Want to know more?", 2)
    doc.paragraph(v.more)
    words_we_use(doc, v.glossary)
    return doc.to_bytes(when)


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
    from cpstrat.outputs import template_file

    return template_file(TEMPLATES[fmt]).read_text("utf-8")


def text(v: View, fmt: str, source: str | None = None) -> str:
    """The version as Markdown or HTML, from the built-in template or `source`, in the templates' sandbox."""
    from cpstrat.outputs.web.pages import compile_template, fill

    template = compile_template(source if source is not None else template_source(fmt), fmt, the=_the)
    return fill(template, v=v, font_pt=BODY_PT, local_glossary=dict(v.glossary))
