"""Publication rules as data, and the one pure check of a share against them."""

from advocacy.rules.check import check
from advocacy.rules.document import (NetworkRules, Rules, TimeWindow, canonical,
                                     default_document, diff_documents, parse_rules, to_document)
from advocacy.rules.findings import CardPreview, Decision, Effect, Finding, Scope, TrackedTarget
from advocacy.rules.inputs import DriveAnswer, Employee, LinkTracking, Load, ShareSource
from advocacy.rules.timing import earliest_slot, timing_findings

__all__ = [
    "CardPreview", "Decision", "DriveAnswer", "Effect", "Employee", "Finding", "LinkTracking",
    "Load", "NetworkRules", "Rules", "Scope", "ShareSource", "TimeWindow", "TrackedTarget",
    "canonical", "check", "default_document", "diff_documents", "earliest_slot",
    "parse_rules", "timing_findings", "to_document",
]
