"""CI's dependency audit: pip-audit over what the suite runs with, read and judged.

    .venv/bin/python scripts/audit_dependencies.py [--strict] [--requirements]
                                                   [pip-audit options ...]

Runs pip-audit with PyPI's JSON API as the vulnerability service (the one reachable
wherever the package registry is) on the environment of the Python running it (the
virtualenv `make setup-test` installed from the pinned requirements, transitive
dependencies included; quick, nothing to resolve), or with --requirements on
requirements.txt and requirements-test.txt (resolved afresh by pip: minutes), or on
whatever `-r FILE` names. It reads pip-audit's JSON report:

- a dependency with a known vulnerability fails the run, naming it, its advisories and
  the versions that fix them;
- a dependency pip-audit could not look up (PyPI does not answer for that version, or
  the service is unreachable) is listed under NOT AUDITED, loudly, and does not fail the
  run, unless --strict (or AUDIT_STRICT=true): a network that hides the vulnerability
  data must not fail every run, nor let one pass as "no known vulnerabilities".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements.txt", "requirements-test.txt")


@dataclass
class Verdict:
    vulnerable: list[str] = field(default_factory=list)    # one line per advisory
    not_audited: list[str] = field(default_factory=list)   # one line per dependency
    audited: int = 0
    failure: str | None = None                             # pip-audit itself failed

    def exit_code(self, strict: bool) -> int:
        if self.failure and strict:
            return 2
        if self.vulnerable:
            return 1
        if self.not_audited and strict:
            return 3
        return 0


def judge(returncode: int, stdout: str, stderr: str) -> Verdict:
    """pip-audit's JSON report (`-f json`) and exit status, read."""
    verdict = Verdict()
    try:
        report = json.loads(stdout)
    except ValueError:
        reason = _last_line(stderr) or f"exit status {returncode}"
        verdict.failure = f"pip-audit gave no report ({reason})"
        if returncode != 0 and not _unreachable(stderr):
            # Not a network problem: a broken requirement, a crash. Never a pass.
            verdict.vulnerable.append(verdict.failure)
        return verdict
    for dependency in report.get("dependencies", []):
        name = dependency.get("name", "?")
        if dependency.get("skip_reason"):
            verdict.not_audited.append(f"{name}: {dependency['skip_reason']}")
            continue
        verdict.audited += 1
        for vulnerability in dependency.get("vulns", []):
            aliases = ", ".join(vulnerability.get("aliases", []))
            fixes = ", ".join(vulnerability.get("fix_versions", [])) or "none yet"
            verdict.vulnerable.append(
                f"{name}=={dependency.get('version')}: {vulnerability.get('id')}"
                f"{f' ({aliases})' if aliases else ''}; fixed in {fixes}")
    return verdict


def _unreachable(stderr: str) -> bool:
    return any(sign in stderr for sign in ("ConnectionError", "NameResolutionError",
                                           "Max retries exceeded", "ServiceError",
                                           "timed out"))


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def audit(arguments: list[str], *, requirements: bool) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pip_audit", "--vulnerability-service", "pypi",
               "--format", "json", "--progress-spinner", "off", "--desc", "off"]
    if requirements:
        for name in REQUIREMENTS:
            command += ["-r", str(ROOT / name)]
    return subprocess.run(command + arguments, capture_output=True, text=True, cwd=ROOT)


def report(verdict: Verdict, strict: bool) -> None:
    print(f"pip-audit: {verdict.audited} dependencies audited against PyPI's vulnerability "
          f"data, {len(verdict.not_audited)} not audited, {len(verdict.vulnerable)} known "
          "vulnerabilities")
    if verdict.vulnerable:
        print(f"KNOWN VULNERABILITIES ({len(verdict.vulnerable)}): upgrade these pins")
        for line in verdict.vulnerable:
            print(f"  {line}")
    if verdict.failure:
        print(f"pip-audit failed: {verdict.failure}")
    if verdict.not_audited:
        print(f"NOT AUDITED ({len(verdict.not_audited)}): no vulnerability data reached "
              "for these; they are neither known safe nor known vulnerable"
              + (" (--strict: this fails the run)" if strict else ""))
        for line in verdict.not_audited:
            print(f"  {line}")


def main(argv: list[str]) -> int:
    strict = "--strict" in argv or os.environ.get("AUDIT_STRICT", "").lower() == "true"
    arguments = [argument for argument in argv if argument not in ("--strict", "--requirements")]
    completed = audit(arguments, requirements="--requirements" in argv)
    verdict = judge(completed.returncode, completed.stdout, completed.stderr)
    report(verdict, strict)
    return verdict.exit_code(strict)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
