"""CI's dependency audit (scripts/audit_dependencies.py) judges pip-audit's JSON report:
a known vulnerability fails the run; a dependency it could not look up is reported, loudly,
and fails only a strict run; pip-audit breaking for any reason but the network fails it."""

from __future__ import annotations

import importlib.util
import json
import sys

from core.config import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location(
    "audit_dependencies", PROJECT_ROOT / "scripts" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = audit  # dataclasses look their module up
_spec.loader.exec_module(audit)

# What pip-audit 2.10 prints with `--format json` (shape taken from its output).
VULNERABLE = {"dependencies": [
    {"name": "flask", "version": "0.12", "vulns": [
        {"id": "PYSEC-2019-179", "fix_versions": ["0.12.3"], "aliases": ["CVE-2018-1000656"],
         "description": "denial of service"},
        {"id": "PYSEC-2023-62", "fix_versions": ["2.2.5", "2.3.2"],
         "aliases": ["CVE-2023-30861", "GHSA-m2qf-hxjv-5gpq"], "description": "cookie"}]},
    {"name": "click", "version": "8.5.1", "vulns": []}], "fixes": []}
UNKNOWN_TO_PYPI = {"dependencies": [
    {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be audited: "
                                     "flask (3.1.3)"},
    {"name": "click", "version": "8.5.1", "vulns": []}], "fixes": []}


def test_a_known_vulnerability_fails_the_run_naming_the_pin_and_the_fix():
    verdict = audit.judge(1, json.dumps(VULNERABLE), "")

    assert verdict.exit_code(strict=False) == 1
    assert verdict.audited == 2
    assert verdict.vulnerable == [
        "flask==0.12: PYSEC-2019-179 (CVE-2018-1000656); fixed in 0.12.3",
        "flask==0.12: PYSEC-2023-62 (CVE-2023-30861, GHSA-m2qf-hxjv-5gpq); fixed in 2.2.5, 2.3.2"]


def test_a_dependency_pypi_does_not_answer_for_is_reported_not_passed_as_safe(capsys):
    verdict = audit.judge(0, json.dumps(UNKNOWN_TO_PYPI), "")
    audit.report(verdict, strict=False)

    assert verdict.exit_code(strict=False) == 0
    assert verdict.exit_code(strict=True) == 3
    printed = capsys.readouterr().out
    assert "1 dependencies audited" in printed and "1 not audited" in printed
    assert "NOT AUDITED (1)" in printed and "flask (3.1.3)" in printed


def test_an_unreachable_service_is_reported_and_fails_only_a_strict_run():
    verdict = audit.judge(1, "", "requests.exceptions.ConnectionError: Max retries exceeded")

    assert verdict.failure and verdict.exit_code(strict=False) == 0
    assert verdict.exit_code(strict=True) == 2


def test_pip_audit_breaking_otherwise_fails_the_run():
    verdict = audit.judge(1, "", "ERROR: Could not find a version that satisfies Flask==99")

    assert verdict.exit_code(strict=False) == 1


def test_pip_audit_is_pinned_with_the_test_requirements():
    pins = (PROJECT_ROOT / "requirements-test.txt").read_text().splitlines()
    assert any(line.startswith("pip-audit==") for line in pins)
