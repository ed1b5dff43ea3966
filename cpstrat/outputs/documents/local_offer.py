"""The published local offer for care leavers: for care leavers to read themselves.

Whom to contact comes first, then what is on offer grouped under the
statutory areas (in the order of s.2(2) of the Children and Social Work Act
2017, each under a plain heading from format/local_offer.yaml), then the
council's arrangements it describes, then the words it uses. Large type as in
the young people's version (young_people.py), and the council's words as
approved: nothing reworded or dropped ("(PA)" and "ensure" stay), an offer's
`plain_title` printed where the council gives one, and "Words we use"
explaining the short forms. Word, Markdown and HTML lay out one view.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cpstrat.outputs.documents import young_people as yp
from cpstrat.util.escape import web_link

TEMPLATES = {"md": "local-offer.md.j2", "html": "local-offer.html.j2"}


@dataclass
class Contact:
    name: str
    lines: list[tuple[str, str]]  # (label, value): Phone, Email, Address, Open


@dataclass
class OfferItem:
    title: str
    description: str
    who: str
    how: str
    contact: str
    link: str = ""


@dataclass
class AreaSection:
    heading: str
    items: list[OfferItem]


@dataclass
class Arrangement:
    title: str
    text: str


@dataclass
class View:
    title: str
    council: str
    published: str
    intro: list[str]
    contacts: list[Contact]
    areas: list[AreaSection]
    arrangements: list[Arrangement]
    law: str
    glossary: list[tuple[str, str]] = field(default_factory=list)

    def texts(self) -> list[str]:
        out = [self.title, self.council, *self.intro, self.law]
        for c in self.contacts:
            out += [c.name] + [v for _, v in c.lines]
        for a in self.areas:
            out.append(a.heading)
            for i in a.items:
                out += [i.title, i.description, i.who, i.how, i.contact]  # a link is an address, not words
        for arr in self.arrangements:
            out += [arr.title, arr.text]
        return [t for t in out if t]


def view(strategy) -> View:
    """The published offer as plain data, from the strategy's local offer (strategy.local_offer)."""
    from cpstrat.format import local_offer

    lo = strategy.local_offer
    statute = local_offer.statute()
    say = yp.as_written

    contacts = []
    for c in lo.contacts:
        lines = [(label, getattr(c, key)) for key, label in yp.CONTACT_LINES]
        contacts.append(Contact(c.name, [(label, value) for label, value in lines if value]))
    sections = []
    for area in statute.areas:
        offers = [o for o in lo.offers if o.area == area.id]
        if offers:
            sections.append(AreaSection(area.title, [
                OfferItem(say(o.plain_title or o.title).rstrip("."), say(o.description), say(o.who), say(o.how), o.contact, o.link)
                for o in offers]))
    arrangements = [Arrangement(item.title, say(lo.arrangements[item.id]))
                    for item in statute.arrangements if lo.arrangements.get(item.id)]
    council = lo.council or strategy.council
    intro = [say(p) for p in re.split(r"\n\s*\n", lo.introduction) if p.strip()] if lo.introduction else [
        f"This is your local offer from {council}. It tells you about the help you can get when you "
        "leave care, and how to get it."]
    if lo.contacts:
        intro.append("If you have a question about anything here, get in touch with the contacts at the top.")
    law = (f"The law says every council in England must publish a local offer for care leavers "
           f"({statute.citation}). {council} published this one in {yp.month(lo.published)}.")
    result = View(title=lo.title or "Your local offer", council=council, published=yp.month(lo.published),
                  intro=intro, contacts=contacts, areas=sections, arrangements=arrangements, law=law)
    result.glossary = words_used(result, strategy)
    return result


def words_used(v: View, strategy) -> list[tuple[str, str]]:
    from cpstrat.checks import glossary

    texts = v.texts()
    whole = "\n".join(texts).lower()
    out = dict(glossary.used(texts, dict(strategy.glossary)))
    explained = yp.words()["words"]
    found = [w for w in explained if re.search(rf"\b{re.escape(w.lower())}\b", whole)]
    for word in found:
        if not any(other != word and other.lower() in word.lower() for other in found):
            out[word[:1].upper() + word[1:]] = explained[word]
    return sorted(out.items(), key=lambda kv: kv[0].lower())


# -- Word ---------------------------------------------------------------------------------

def docx(v: View, reference: bytes, when: dt.datetime) -> bytes:
    from cpstrat.outputs.word.docxlib import Document

    doc = Document(reference)
    yp.large_type(doc)
    doc.set_properties(title=f"{v.title}: {v.council}", language="en-GB",
                       subject="The local offer for care leavers", author=v.council,
                       keywords="local offer, care leavers")
    doc.title(v.title, [v.council, f"Published {v.published}" if v.published else ""])
    if v.contacts:
        doc.heading("Who to contact", 2)
        for c in v.contacts:
            doc.heading(c.name, 3)
            for label, value in c.lines:
                doc.paragraph(value, bold_prefix=f"{label}: ")
    doc.heading("About your local offer", 2)
    for para in v.intro:
        doc.paragraph(para)
    doc.heading("What you can get", 2)
    if not v.areas:
        doc.paragraph("This local offer does not list anything yet.")
    bullet, under = yp._style(doc, "List Bullet"), yp._style(doc, "List Continue")
    for section in v.areas:
        doc.heading(section.heading, 3)
        for it in section.items:
            doc.paragraph("", style=bullet, bold_prefix=it.title + ".")
            for label, value in (("", it.description), ("Who can get it: ", it.who),
                                 ("How to get it: ", it.how), ("Who to contact: ", it.contact),
                                 ("Find out more: ", it.link)):
                if value:
                    doc.paragraph(value, style=under, bold_prefix=label)
    if v.arrangements:
        doc.heading("How we plan and work with others", 2)
        for arr in v.arrangements:
            doc.heading(arr.title, 3)
            doc.paragraph(arr.text)
    doc.heading("Why we publish this", 2)
    doc.paragraph(v.law)
    yp.words_we_use(doc, v.glossary)
    return doc.to_bytes(when)


# -- Markdown and HTML ----------------------------------------------------------------------

def text(v: View, fmt: str, source: str | None = None) -> str:
    """The offer as Markdown or HTML, from the built-in template or `source`, in the templates' sandbox."""
    from cpstrat.format.shipped import template_file
    from cpstrat.outputs.web.pages import compile_template, fill

    template = compile_template(source if source is not None else template_file(TEMPLATES[fmt]).read_text("utf-8"),
                                fmt, web_link=web_link)
    return fill(template, v=v, font_pt=yp.BODY_PT)
