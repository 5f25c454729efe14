"""Hand-made mutants of ``walens reviews`` / ``upgrade-reviews`` and whether the tests kill them.

Not a test (pytest does not collect it): ``.venv/bin/python -m tests.reviews.mutation_audit [ROOT [WORDS]]``
applies each mutant (whose name holds WORDS, when given) to the checkout at ROOT (default: this one), runs
its tests in process, restores the file and prints ``killed``, ``SURVIVED`` or ``n/a`` (the code it mutates
is not in that checkout). To compare with an older commit: ``git archive <commit> | tar -x -C /tmp/old``,
then ROOT ``/tmp/old``: its tests run there and import ``publisher`` from there.
See CONTRIBUTING.md, Mutation audit.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mutant:
    name: str
    paths: tuple[str, ...]  # the first file holding ``old`` is mutated (code moves between commits)
    old: str
    new: str
    tests: tuple[str, ...]


INVENTORY = ("tests/reviews/test_inventory.py",)
UPGRADE = ("tests/reviews/test_upgrade.py",)
UNTRUSTED = ("tests/reviews/test_untrusted.py", "tests/review/test_untrusted_output.py")
ADOPTION = "publisher/adoption/"

MUTANTS = (
    Mutant("questions at risk leave out MEDIUM-only questions", (ADOPTION + "report.py", ADOPTION + "formats.py"),
           'counts["HIGH"] or counts["MEDIUM"]', 'counts["HIGH"]', INVENTORY),
    Mutant("questions at risk: least HIGH first", (ADOPTION + "report.py", ADOPTION + "formats.py"),
           '(-row[1]["HIGH"], -row[1]["MEDIUM"])', '(row[1]["HIGH"], -row[1]["MEDIUM"])', INVENTORY),
    Mutant("per account: upgradable not counted", (ADOPTION + "report.py",),
           'row["upgradeAvailable"] += review.upgrade_available', 'row["upgradeAvailable"] += 0', INVENTORY),
    Mutant("per account: workloads not summed", (ADOPTION + "report.py",),
           'row["workloads"] += 1', 'row["workloads"] = 1', INVENTORY),
    Mutant("per pillar: the last question wins", (ADOPTION + "report.py",),
           "total[risk] += count", "total[risk] = count", INVENTORY),
    Mutant("improvements only for HIGH questions", (ADOPTION + "report.py",),
           'if answer.risk not in ("HIGH", "MEDIUM"):', 'if answer.risk not in ("HIGH",):', INVENTORY),
    Mutant("improvements list 'None of these'", (ADOPTION + "report.py",),
           " and not choice.endswith(NONE_OF_THESE_SUFFIX)", "", INVENTORY),
    Mutant("a not-applicable mark on a removed choice is not an answer lost", (ADOPTION + "upgrade_impact.py",),
           "(state.selected | state.not_applicable) & set(gone)", "state.selected & set(gone)", UPGRADE),
    Mutant("a not-applicable mark on a removed choice survives the upgrade", (ADOPTION + "answer_risk.py",),
           "if (self.selected | self.not_applicable) <= choice_ids:", "if self.selected <= choice_ids:", UPGRADE),
    Mutant("a removed question is answered only when a choice is selected", (ADOPTION + "upgrade_impact.py",),
           "answer.state.answered", "bool(answer.state.selected)", UPGRADE),
    Mutant("notes on removed questions ignored", (ADOPTION + "upgrade_impact.py",),
           "not done and has_notes(question_id)", "False", UPGRADE),
    Mutant("GetAnswer for every removed question", (ADOPTION + "upgrade_impact.py",),
           "not done and has_notes(question_id)", "has_notes(question_id) and not done", UPGRADE),
    Mutant("not applicable is not neutral in risk rules", (ADOPTION + "answer_risk.py",),
           "return None if expr.id in answer.not_applicable else expr.id in answer.selected",
           "return expr.id in answer.selected", ("tests/reviews/test_answer_risk.py", *UPGRADE)),
    Mutant("not-applicable marks not read from ListAnswers", (ADOPTION + "inventory.py",),
           'if summary.get("Status") == "NOT_APPLICABLE")', "if False)", UPGRADE),
    Mutant("a failed read after the upgrade is just 'failed'", (ADOPTION + "upgrade.py",),
           'f"upgraded, then {operation} failed"', '"failed"', UPGRADE),
    Mutant("the version after the upgrade is not verified", (ADOPTION + "upgrade.py",),
           'if now.get("LensVersion") != upgrade.to_version or now.get("LensStatus") != "CURRENT":',
           "if False:", UPGRADE),
    Mutant("the milestone after the upgrade is not verified", (ADOPTION + "upgrade.py",),
           "if name not in kept:", "if False:", UPGRADE),
    Mutant("a taken milestone name gets (3) first", (ADOPTION + "upgrade.py",),
           "name, n = wanted[:MILESTONE_NAME_MAX], 2", "name, n = wanted[:MILESTONE_NAME_MAX], 3", UPGRADE),
    Mutant("--milestone-name from 1 character", (ADOPTION + "upgrade.py",),
           "if not MILESTONE_NAME_MIN <= len(name)", "if not 1 <= len(name)", UPGRADE),
    Mutant("CSV: no quote before a formula", ("publisher/safetext.py",),
           "return \"'\" + text if text.startswith(_FORMULA_START) else text", "return text", UNTRUSTED),
    Mutant("CSV: cells not cleaned", ("publisher/safetext.py",), "    text = clean(value)\n", "    text = value\n",
           UNTRUSTED),
    Mutant("text tables: cells not cleaned", (ADOPTION + "formats.py",),
           "[tuple(clean(cell) for cell in row) for row in rows]", "[tuple(row) for row in rows]", UNTRUSTED),
    Mutant("--out not guarded", ("publisher/cli_reviews.py",), "out.write_text(guard(text)", "out.write_text((text",
           UNTRUSTED),
    Mutant("guard keeps every SGR sequence", ("publisher/safetext.py",),
           '_OWN_SGR = r"(?:0|1|2|3|4|22|23|24|3[1-79]|9[1-7])"', '_OWN_SGR = r"[0-9]*"', UNTRUSTED),
    Mutant("HTML: cells escaped but not cleaned", (ADOPTION + "html_page.py",),
           "return escape(clean(value))", "return escape(str(value))", UNTRUSTED),
)


def run(root: Path, mutant: Mutant) -> str:
    found = [root / path for path in mutant.paths
             if (root / path).exists() and mutant.old in (root / path).read_text(encoding="utf-8")]
    if not found:
        return "n/a"
    path = found[0]
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(mutant.old, mutant.new, 1), encoding="utf-8")
    try:
        tests = [test for test in mutant.tests if (root / test).exists()]
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p",
                                 "no:xdist", "-m", "not http and not browser and not slow", *tests],
                                cwd=root, capture_output=True, check=False)
        return "killed" if result.returncode != 0 else "SURVIVED"
    finally:
        path.write_text(original, encoding="utf-8")


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]).resolve()
    words = sys.argv[2] if len(sys.argv) > 2 else ""
    outcomes = []
    for mutant in (mutant for mutant in MUTANTS if words in mutant.name):
        outcome = run(root, mutant)
        outcomes.append(outcome)
        print(f"{outcome:8}  {mutant.name}", flush=True)
    print(f"{outcomes.count('killed')} killed of {len(outcomes) - outcomes.count('n/a')} applicable")


if __name__ == "__main__":
    main()
