"""The README's promises: two quick-start commands, and an EKS coverage table that matches the sources.

Run ``python -m tests.test_readme`` to print the current coverage table.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
EKS = REPO / "lens_src" / "eks"


CORE_MARK = "Core question: answer it in a first review."


def coverage_table() -> str:
    """Markdown table: pillar, its question ids, the framework questions they refine, and the core subset."""
    lens = yaml.safe_load((EKS / "lens.yaml").read_text(encoding="utf-8"))
    rows = ["| pillar | questions | refines | core |", "|---|---|---|---|"]
    for pillar_id in lens["pillars"]:
        pillar = yaml.safe_load((EKS / pillar_id / "pillar.yaml").read_text(encoding="utf-8"))
        for qid in pillar["questions"]:
            text = (EKS / pillar_id / f"{qid}.md").read_text(encoding="utf-8")
            meta = yaml.safe_load(text.split("---\n")[1])
            core = "yes" if CORE_MARK in " ".join(text.split()) else ""
            rows.append(f"| {pillar['name']} | `{qid}` | {', '.join(meta.get('refines', []))} | {core} |")
    return "\n".join(rows)


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.read_text(encoding="utf-8").split("## Quick start")[1].split("\n## ")[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make demo", "make test"]


def test_coverage_table_matches_the_lens_sources() -> None:
    text = README.read_text(encoding="utf-8")
    current = text.split("<!-- coverage:start -->\n")[1].split("<!-- coverage:end -->")[0].strip()
    assert current == coverage_table(), "README coverage table is stale: run python -m tests.test_readme"


def test_exit_code_table_lists_every_code_the_cli_can_return() -> None:
    from publisher import cli_exit

    defined = {value for name, value in vars(cli_exit).items() if name.startswith("EXIT_")}
    section = README.read_text(encoding="utf-8").split("Exit codes")[1].split("\n\n", 2)[1]
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", section, re.M)}
    assert documented == defined


def test_every_domain_error_maps_to_a_documented_code() -> None:
    import inspect

    from publisher import cli_exit, errors

    classes = [cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.WalensError)]
    assert {cli_exit.exit_code_for(cls.__new__(cls)) for cls in classes} == {cli_exit.EXIT_FINDINGS,
                                                                             cli_exit.EXIT_USAGE}


if __name__ == "__main__":
    print(coverage_table())
