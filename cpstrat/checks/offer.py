"""The local offer for care leavers: loading local-offer.yaml and its rules.

The statutory areas and arrangements come from format/local_offer.yaml with
their commencement, so "which areas must this offer cover?" is answered for
the offer's own `published` date: an area that came into force later, or is
not yet in force, is not asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cpstrat.checks import texts
from cpstrat.checks.readability import reading_ease, word_count
from cpstrat.format import local_offer, model
from cpstrat.format.diagnostics import CpstratError, Diagnostic, listing, make, suggest
from cpstrat.format.files import OFFER_FILE
from cpstrat.format.load import Seq, key_pos, load_file, not_a_mapping, value_pos

__all__ = ["OFFER_FILE", "load", "rules", "action_offers"]
# Shorter texts give Flesch scores that swing on one long word; as for actions.
MIN_WORDS = 10
READ_KEYS = ("title", "description", "who", "how")


def load(path: Path, display: str, out: list[Diagnostic]) -> model.LocalOffer | None:
    """Load and shape-check local-offer.yaml; diagnostics go to out."""
    from cpstrat.checks import shape
    from cpstrat.checks.findings import Findings

    try:
        source = load_file(path, display)
    except CpstratError as exc:
        out.extend(exc.diagnostics)
        return None
    out.extend(source.diagnostics)
    if not isinstance(source.data, dict):
        out.append(not_a_mapping(source.path, source.data))
        return None
    shape.check(source.data, "LocalOffer", source.path, Findings(out))
    offer: model.LocalOffer = model.build("LocalOffer", source.data, path=source.path)
    return offer


def rules(offer: model.LocalOffer, statute: local_offer.Statute | None = None) -> list[Diagnostic]:
    """Every rule on one local offer: ids, areas, coverage on its published date, arrangements, reading."""
    statute = statute or local_offer.statute()
    out: list[Diagnostic] = []
    file = offer.path
    area_ids = [a.id for a in statute.areas]
    seen: dict[str, Any] = {}  # each id's first offer; its line is looked up only for a warning
    for o in offer.offers:
        if o.raw is None:
            continue
        if o.id:
            if o.id in seen:
                out.append(make("CP128", file, *value_pos(o.raw, "id"), id=o.id, first=value_pos(seen[o.id], "id")[0]))
            else:
                seen[o.id] = o.raw
        if o.area and o.area not in area_ids:
            out.append(make("CP120", file, *value_pos(o.raw, "area"), value=o.area,
                            suggestion=suggest(o.area, area_ids), citation=f"{statute.act} s.2(2)",
                            allowed=", ".join(area_ids)))
    raw = offer.raw
    arrangements = raw.get("arrangements") if raw is not None else None
    item_ids = [a.id for a in statute.arrangements]
    if isinstance(arrangements, dict):
        for key in arrangements:
            if key not in item_ids:
                out.append(make("CP125", file, *key_pos(arrangements, key), value=key,
                                suggestion=suggest(key, item_ids), allowed=", ".join(item_ids)))
    if offer.published is not None:
        covered = {o.area for o in offer.offers}
        where = key_pos(raw, "offers") if raw is not None else (0, 0)
        for area in statute.areas:
            if area.in_force(offer.published) and area.id not in covered:
                out.append(make("CP121", file, *where, id=area.id, wording=area.wording,
                                citation=cite(statute, area), short=area.citation,
                                published=offer.published.isoformat()))
        described = set(offer.arrangements)
        where = key_pos(raw, "arrangements") if raw is not None and "arrangements" in raw else where
        for item in statute.arrangements:
            if item.in_force(offer.published) and item.id not in described:
                out.append(make("CP122", file, *where, id=item.id, title=item.title.lower(),
                                citation=cite(statute, item), short=item.citation, wording=item.wording))
    out.extend(hard_to_read(offer, statute.reading_ease_min))
    out.extend(acronyms(offer))
    out.extend(council_words(offer))
    return out


def council_words(offer: model.LocalOffer) -> list[Diagnostic]:
    """CP250 on what care leavers read: each offer's title (unless it has a plain_title), who, how and description."""
    from cpstrat.checks.plain import council_word_warnings

    titles, others = [], []
    for o in offer.offers:
        if o.raw is not None:
            titles.append((o.raw, "title", o.title, f"the title of offer '{o.id}'", bool(o.plain_title)))
            others += [(o.raw, key, getattr(o, key), f"the {key} of offer '{o.id}'", False)
                       for key in ("description", "who", "how")]
    said = {"document": "local offer", "readers": "care leavers"}
    return [*council_word_warnings(offer.path, titles, "plain_title", **said),
            *council_word_warnings(offer.path, others, "", **said)]


def cite(statute: local_offer.Statute, provision: local_offer.Provision) -> str:
    """'Children and Social Work Act 2017 s.2(2)(a)', with the amending Act when there is one."""
    text = f"{statute.act} {provision.citation}"
    return f"{text}, inserted by {provision.inserted_by}" if provision.inserted_by else text


def hard_to_read(offer: model.LocalOffer, minimum: float) -> list[Diagnostic]:
    """CP124 on every text care leavers read: the introduction, each offer, each arrangement."""
    from cpstrat.checks.plain import _longest_words

    raw = offer.raw
    places = []
    if raw is not None and offer.introduction:
        places.append((raw, "introduction", offer.introduction, "the introduction of the local offer"))
    for o in offer.offers:
        if o.raw is not None:
            places += [(o.raw, key, getattr(o, key), f"the {key} of offer '{o.id}'") for key in READ_KEYS]
    arrangements = raw.get("arrangements") if raw is not None else None
    if isinstance(arrangements, dict):
        places += [(arrangements, k, v, f"the arrangements for '{k}'") for k, v in arrangements.items()
                   if isinstance(v, str)]
    out = []
    for container, key, text, where in places:
        if not text or word_count(text) < MIN_WORDS:
            continue
        score = reading_ease(text)
        if score is not None and score < minimum:
            out.append(make("CP124", offer.path, *value_pos(container, key), where=where, score=score,
                            minimum=minimum, words=_longest_words(text)))
    return out


def acronyms(offer: model.LocalOffer) -> list[Diagnostic]:
    """Acronyms the offer never spells out (CP051), as in the young people's version."""
    from cpstrat.checks.plain import unexpanded_acronyms

    items = texts.in_file(offer.raw, offer.path, "the local offer")
    return unexpanded_acronyms(model.Strategy(path=offer.path), items)


def action_offers(strategy: model.Strategy) -> list[Diagnostic]:
    """Each action's `offers:` names an offer in the folder's local-offer.yaml (CP123)."""
    out = []
    lo = strategy.local_offer
    ids = [o.id for o in lo.offers] if lo else []
    for action in strategy.actions:
        values = action.raw.get("offers") if action.raw is not None else None
        if not isinstance(values, Seq):
            continue
        for i, value in enumerate(values):
            if not isinstance(value, str) or value in ids:
                continue
            hint = (f"offers in {lo.path}: {listing(ids)}" if lo is not None else
                    f"the strategy folder has no {OFFER_FILE}; add one (see docs/local-offer.md) or remove `offers:`")
            out.append(make("CP123", strategy.path, *value_pos(values, i), value=value,
                            suggestion=suggest(value, ids), hint=hint))
    return out
