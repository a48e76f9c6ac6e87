"""The rule check: one pure function from a proposed share to an explainable decision.

    check(source, rules, network, employee, now, load=...) -> Decision

It builds the text for one network exactly as it will be published and says,
finding by finding, which rule blocked or changed what. Without an employee it
checks the content only (what approvers preview); with one, it also checks the
moment `now` against the time windows, spacing and caps, using the counts in
`load`. It reads no database, no clock and no network: everything it needs is
in its arguments, so the same inputs always give the same decision.
"""

from __future__ import annotations

import re
from datetime import datetime

from core.i18n import N_
from advocacy.rules import little_text, x_length
from advocacy.rules.document import NetworkRules, Rules
from advocacy.rules.findings import (CardPreview, Decision, Effect, Finding, Scope,
                                     TrackedTarget)
from advocacy.rules.inputs import Employee, Load, ShareSource
from advocacy.rules.source import Piece, drive_file_id, link_code, pieces, with_utm
from advocacy.rules.timing import NETWORK_NAMES, timing_findings
from advocacy.rules.words import forbidden_in, normalise
from core.text import tag_key
from social.markdown import HASHTAG, MENTION

PREVIEW_USER = 0  # whose link codes an approver's preview shows: same length as anyone's


def check(source: ShareSource, rules: Rules, network: str, employee: Employee | None,
          now: datetime, load: Load | None = None) -> Decision:
    settings = rules.network(network)
    findings: list[Finding] = []
    if not settings.enabled:
        findings.append(_content(f"networks.{network}.enabled", Effect.BLOCK,
                                 N_("Sharing on %(network)s is turned off by the rules."),
                                 network=NETWORK_NAMES[network]))
    if rules.proposal_spaces is not None and source.space_id not in rules.proposal_spaces:
        findings.append(_content("proposal.spaces", Effect.BLOCK,
                                 N_("Posts of this space may not be shared.")))
    parts = _with_note(source, network)
    words = "".join(piece.text for piece in parts if not piece.is_link)
    for expression in forbidden_in(words, settings.forbidden):
        findings.append(_content(f"networks.{network}.forbidden", Effect.BLOCK,
                                 N_("“%(expression)s” may not be published."),
                                 expression=expression))
    findings.extend(_drive_findings(parts, source, settings, network))
    user_id = employee.user_id if employee is not None else PREVIEW_USER
    parts, links = _track_links(parts, source, settings, network, user_id, findings)
    if network == "x":
        parts = _spell_out_mentions(parts, source.mentions, findings)
    text = _with_additions("".join(p.text for p in parts).strip(), settings, network, findings)
    if network == "linkedin":
        published = little_text.commentary(text, x_length.url_spans(text))
        length, limit = len(published), little_text.MAX_LENGTH
    else:
        published = text
        length, limit = x_length.weighted_length(text), x_length.MAX_LENGTH
    if not text:
        findings.append(_content(f"networks.{network}", Effect.BLOCK,
                                 N_("There is nothing to publish.")))
    elif length > limit:
        findings.append(_content(f"networks.{network}.length", Effect.BLOCK,
                                 N_("Too long for %(network)s: %(length)s characters as it "
                                    "counts them, at most %(limit)s."),
                                 network=NETWORK_NAMES[network], length=length, limit=limit))
    if employee is not None:
        findings.extend(timing_findings(rules, network, employee, load or Load(), now,
                                        source.expires_at))
    card = _card(links, parts, source, text) if network == "linkedin" else None
    return Decision(network, tuple(findings), published, text, length, limit, tuple(links), card)


def _with_note(source: ShareSource, network: str) -> list[Piece]:
    body = pieces(source.text_for(network))
    note = pieces(source.note) if source.note.strip() else []
    return [*note, Piece("\n\n"), *body] if note else body


def _drive_findings(parts: list[Piece], source: ShareSource, settings: NetworkRules,
                    network: str) -> list[Finding]:
    if not settings.drive_links_public:
        return []
    found = []
    for piece in parts:
        file_id = drive_file_id(piece.url) if piece.url else None
        if file_id is None:
            continue
        answer = source.drive_files.get(file_id)
        title = (answer.title if answer and answer.title else file_id)
        if answer is None or answer.public is None:
            found.append(_content(f"networks.{network}.drive_links_public", Effect.BLOCK,
                                  N_("Drive could not tell whether “%(title)s” opens for "
                                     "anyone: it cannot be shared until it is checked."),
                                  title=title))
        elif not answer.public:
            found.append(_content(f"networks.{network}.drive_links_public", Effect.BLOCK,
                                  N_("The Drive file “%(title)s” does not open for anyone "
                                     "with the link: make it public or remove the link."),
                                  title=title))
    return found


def _track_links(parts: list[Piece], source: ShareSource, settings: NetworkRules,
                 network: str, user_id: int, findings: list[Finding]):
    tracked: list[TrackedTarget] = []
    rewritten: list[Piece] = []
    for piece in parts:
        if not piece.is_link:
            rewritten.append(piece)
            continue
        target = with_utm(piece.url, settings.utm)
        if target != piece.url:
            findings.append(_content(f"networks.{network}.utm", Effect.FIX,
                                     N_("Tracking parameters added to %(url)s."),
                                     url=piece.url))
        if source.tracking is None:
            rewritten.append(Piece(target, target))
            continue
        code = link_code(source.tracking.salt, user_id, network, target, len(tracked))
        short = f"{source.tracking.base_url.rstrip('/')}/l/{code}"
        tracked.append(TrackedTarget(code, target, short))
        rewritten.append(Piece(short, target))
    return rewritten, tracked


def _spell_out_mentions(parts: list[Piece], mentions, findings: list[Finding]) -> list[Piece]:
    """On X an @handle of ours would tag a stranger: the colleague's name is written."""
    def replace(match: re.Match) -> str:
        name = mentions.get(match.group(1).lower())
        if name is None:
            return match.group(0)
        findings.append(_content("networks.x.mentions", Effect.FIX,
                                 N_("@%(handle)s is written as %(name)s: on X it would tag "
                                    "someone else."), handle=match.group(1), name=name))
        return name
    return [piece if piece.is_link or not mentions
            else Piece(MENTION.sub(replace, piece.text)) for piece in parts]


def _with_additions(text: str, settings: NetworkRules, network: str,
                    findings: list[Finding]) -> str:
    present = {tag_key(match.group(1)) for match in HASHTAG.finditer(_without_urls(text))}
    missing = [tag for tag in settings.hashtags if tag_key(tag) not in present]
    for tag in missing:
        findings.append(_content(f"networks.{network}.hashtags", Effect.FIX,
                                 N_("Hashtag #%(tag)s added."), tag=tag))
    if missing and text:
        text = f"{text}\n" + " ".join(f"#{tag}" for tag in missing)
    disclosure = settings.disclosure
    if disclosure and text and normalise(disclosure) not in normalise(text):
        findings.append(_content(f"networks.{network}.disclosure", Effect.FIX,
                                 N_("Disclosure added: “%(text)s”."), text=disclosure))
        text = f"{text}\n{disclosure}"
    return text


def _without_urls(text: str) -> str:
    spans = x_length.url_spans(text)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _card(links: list[TrackedTarget], parts: list[Piece], source: ShareSource,
          text: str) -> CardPreview | None:
    first = next((piece for piece in parts if piece.is_link), None)
    if first is None:
        return None
    file_id = drive_file_id(first.url or "")
    answer = source.drive_files.get(file_id) if file_id else None
    title = answer.title if answer and answer.title else text.splitlines()[0][:200]
    return CardPreview(url=first.text, title=title)


def _content(rule: str, effect: Effect, message: str, **params) -> Finding:
    return Finding(rule, effect, Scope.CONTENT, message, params)
