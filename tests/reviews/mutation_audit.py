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
VIEW = "tests/reviews/test_manager_view.py::"
INVENTORY_TEST = "tests/reviews/test_inventory.py::"
UPGRADE_TEST = "tests/reviews/test_upgrade.py::"
IAM_TEST = "tests/reviews/test_iam_reviews.py::test_the_reviews_policy_grants_exactly_the_calls_of_a_real_run"
FLAGS = "tests/reviews/test_na_flags.py"

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
    # issue 20: reviews a manager can read and trust
    Mutant("issue 20: owner-only scope exits 0", ("publisher/cli_reviews.py",),
           "if failed or scope.unconfigured:", "if failed:",
           (VIEW + "test_a_config_without_reviews_accounts_says_so_and_exits_1",)),
    Mutant("issue 20: owner-only scope not noted", (ADOPTION + "scope.py",),
           "unconfigured=settings.owner_only and not owner_only", "unconfigured=False",
           (VIEW + "test_a_config_without_reviews_accounts_says_so_and_exits_1",)),
    Mutant("issue 20: --owner-only still reads the OUs", (ADOPTION + "scope.py",),
           "members = [] if owner_only else", "members = [] if False else",
           (VIEW + "test_owner_only_reads_the_owner_account_even_when_ous_are_configured",)),
    Mutant("issue 20: GetWorkload for every workload", (ADOPTION + "inventory.py",),
           '["Workload"] if details.wanted else {}', '["Workload"] if True else {}',
           (INVENTORY_TEST + "test_reads_are_paginated_and_cost_two_calls_per_workload_with_the_lens",)),
    Mutant("issue 20: review owner never read", (ADOPTION + "inventory.py",),
           'review_owner=workload.get("ReviewOwner", "") if details.wanted else None', "review_owner=None",
           (VIEW + "test_owners_account_names_and_tags_in_every_format",)),
    Mutant("issue 20: account names dropped", (ADOPTION + "account_names.py",),
           'names[account["Id"]] = str(account.get("Name", ""))', 'names[account["Id"]] = ""',
           (INVENTORY_TEST + "test_the_json_contract_matches_an_independent_reading",)),
    Mutant("issue 20: account names denied is a failure", (ADOPTION + "account_names.py",),
           "except (BotoCoreError, ClientError, WalensError) as exc:", "except WalensError as exc:",
           (VIEW + "test_account_names_denied_to_a_member_account_leave_ids_and_one_note",)),
    Mutant("issue 20: every tag kept, not the chosen ones", (ADOPTION + "inventory.py",),
           "tags={key: tags[key] for key in details.tag_keys if key in tags}", "tags=dict(tags)",
           (VIEW + "test_owners_account_names_and_tags_in_every_format",)),
    Mutant("issue 20: untagged workloads have no group of their own", (ADOPTION + "grouping.py",),
           'return review.tags.get(str(self.tag)) or f"(no {self.tag} tag)"',
           'return review.tags.get(str(self.tag), "")',
           (VIEW + "test_group_by_owner_region_or_tag",)),
    Mutant("issue 20: grouped workloads not sorted by group", (ADOPTION + "report.py",),
           "self.reviews = sorted(self.reviews, key=lambda r: group_by.value(r, self.account_label))",
           "self.reviews = list(self.reviews)", (VIEW + "test_group_by_owner_region_or_tag",)),
    Mutant("issue 20: questions shown by id", (ADOPTION + "report.py",),
           'return f"{title} ({question})" if title else question', "return question",
           (VIEW + "test_html_shows_titles_and_names_before_ids",
            INVENTORY_TEST + "test_aggregates_in_json_and_text_match_an_independent_reading")),
    Mutant("issue 20: pillars shown by id", (ADOPTION + "report.py",),
           'return f"{name} ({pillar})" if name else pillar', "return pillar",
           (VIEW + "test_html_shows_titles_and_names_before_ids",
            INVENTORY_TEST + "test_aggregates_in_json_and_text_match_an_independent_reading")),
    Mutant("issue 20: times shown without their zone", (ADOPTION + "inventory.py",),
           'return f"{zoned.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"', "return iso[:19]",
           (VIEW + "test_times_carry_their_zone",)),
    Mutant("issue 20: JSON answered counts every question", (ADOPTION + "inventory.py",),
           '"answered": self.answered,', '"answered": self.questions,',
           (VIEW + "test_owners_account_names_and_tags_in_every_format",)),
    Mutant("issue 20: --workload ignored", (ADOPTION + "upgrade.py",),
           "if not review.upgrade_available or (run.workloads and not naming):", "if not review.upgrade_available:",
           (UPGRADE_TEST + "test_account_workload_and_region_limit_the_dry_run_and_the_apply",)),
    Mutant("issue 20: a --workload matching nothing passes", (ADOPTION + "upgrade.py",),
           "for value in dict.fromkeys(wanted) if value not in matched]",
           "for value in dict.fromkeys(wanted) if False]",
           (UPGRADE_TEST + "test_a_filter_value_that_matches_nothing_exits_1_naming_it",)),
    Mutant("issue 20: an --account outside the scope passes", (ADOPTION + "scope.py",),
           "unknown = [account for account in accounts if account not in self.accounts]", "unknown = []",
           (UPGRADE_TEST + "test_a_filter_value_that_matches_nothing_exits_1_naming_it",)),
    Mutant("issue 20: GetWorkload missing from iam-policy --reviews", ("publisher/iam_reviews.py",),
           '"wellarchitected:GetWorkload"', '"wellarchitected:GetWorkloads"',
           (IAM_TEST,)),
    Mutant("issue 20: GetAnswer missing from iam-policy --reviews", ("publisher/iam_reviews.py",),
           '"wellarchitected:GetAnswer"', '"wellarchitected:GetAnswers"', (IAM_TEST,)),
    Mutant("issue 20: ListAccounts missing from iam-policy --reviews", ("publisher/iam_reviews.py",),
           '"organizations:ListAccounts"', '"organizations:ListAccountz"',
           (IAM_TEST,)),
    # issue 21: not-applicable marks to check
    Mutant("issue 21: neverNotApplicable marks not flagged", (ADOPTION + "na_flags.py",),
           "forbidden = marked & never.get(answer.question_id, frozenset())", "forbidden = frozenset[str]()", (FLAGS,)),
    Mutant("issue 21: every choice not applicable not flagged", (ADOPTION + "na_flags.py",),
           "if ordinary and all(choice in marked for choice, _title in ordinary):", "if False:", (FLAGS,)),
    Mutant("issue 21: never lists not read from the sources", ("publisher/cli_reviews.py",),
           "never = release.never_not_applicable", "never = None", (FLAGS,)),
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
        tests = [test for test in mutant.tests if (root / test.split("::")[0]).exists()]
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
