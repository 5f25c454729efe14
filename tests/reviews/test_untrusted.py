"""Workload names, review owners and tags come from member accounts: through every format of ``reviews``
and ``upgrade-reviews``, on stdout and with ``--out``, they forge no row, hide nothing, command no runner
and start no spreadsheet formula."""

from __future__ import annotations

import csv
import json
import re

import pytest

from publisher.adoption.formats import csv_columns
from publisher.safetext import clean
from tests.publish.conftest import IN_PROCESS_ONLY
from tests.reviews.conftest import OWNER_ACCOUNT, ROLE, Fleet, major_change, walens

#: Workload names (3 to 100 characters, as the service takes them): a forged table row and workflow
#: command, concealed text (SGR 8), a window title (OSC), a bidi override, C1 CSI, NUL, and formula starts.
HOSTILE = (
    "=HYPERLINK(\"http://evil\")\n::error::forged row\x1b[8mhidden",
    "+1\t\x1b]0;title\x07\u202eevil\x9b2J\x00",
    "-2 ##[set-env name=X]y",
    "@SUM(1)\r\n::add-mask::secret",
    "\uff1dcmd|' /c calc'!A1",
)
#: Characters that must never reach a terminal or a CI log.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMERIC = {"answered", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED"}
CSV_COLUMNS = csv_columns(["team"])
FORMATS = [("reviews", "text"), ("reviews", "json"), ("reviews", "csv"), ("reviews", "html"),
           ("upgrade-reviews", "text"), ("upgrade-reviews", "json")]

pytestmark = IN_PROCESS_ONLY


@pytest.fixture
def hostile(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> Fleet:
    """Each hostile name in a member account on lens 1.0 (one answer lost in 2.0), its review owner
    ``NAME@example.com`` and its ``team`` tag NAME, then 2.0 published; walens.yaml reads the tag."""
    for index, name in enumerate(HOSTILE):
        account = fleet.members["ab"[index % 2]]
        workload = fleet.workload(account, name, {"gov_encryption": ["gov_enc_kms", "gov_enc_rotation"]})
        wa = fleet.wa(account)
        wa.tag_resource(WorkloadArn=wa.get_workload(WorkloadId=workload)["Workload"]["WorkloadArn"],
                        Tags={"team": name})
    fleet.configure(f"reviews:\n  organizationalUnits: [{fleet.unit}]\n  roleName: {ROLE}\n  tags: [team]\n")
    fleet.workload(OWNER_ACCOUNT, "-500", {"gov_ownership": ["gov_own_no"]})
    fleet.publish_version("2.0", major_change)
    capsys.readouterr()
    return fleet


def assert_inert(output: str) -> None:
    """No control character but LF, and no line the runner would take for a workflow command."""
    assert not FORBIDDEN.search(output), FORBIDDEN.search(output)
    assert "##[" not in output
    for line in output.split("\n"):
        assert not line.lstrip().startswith("::"), line


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert walens(*args) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    assert_inert(captured.err)
    return captured.out


@pytest.mark.parametrize(("command", "fmt"), FORMATS)
def test_hostile_names_through_every_format_on_stdout_and_out(
        hostile: Fleet, capsys: pytest.CaptureFixture[str], command: str, fmt: str) -> None:
    out = run(capsys, command, "--format", fmt)
    assert_inert(out)
    path = hostile.project / f"out.{fmt}"
    assert run(capsys, command, "--format", fmt, "--out", str(path)) == ""
    assert path.read_bytes() == out.encode("utf-8")  # the very bytes of stdout, guarded alike
    if fmt == "json":
        workloads = json.loads(out)["workloads" if command == "reviews" else "upgrades"]
        assert {w["workloadName"] for w in workloads} >= set(HOSTILE)  # JSON keeps the data, escaped by JSON
        if command == "reviews":
            assert {w["reviewOwner"] for w in workloads} >= {f"{name}@example.com" for name in HOSTILE}
            assert {w["tags"].get("team") for w in workloads} >= set(HOSTILE)
    elif fmt == "text":
        for name in HOSTILE:
            assert clean(name) in out  # visibly escaped, on the line of its row
            if command == "reviews":
                assert clean(f"{name}@example.com") in out
        assert "forged row" not in out.replace(clean(HOSTILE[0]), "")  # nowhere on a row of its own
    elif fmt == "html":
        assert "\\u001b[8mhidden" in out and "&lt;" not in clean(HOSTILE[0])


def test_text_rows_are_one_line_per_workload(hostile: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "reviews")
    table = out.split("\n\n")[1].split("\n")
    assert len(table) == 1 + len(HOSTILE) + 1  # the header, the hostile workloads and "-500"
    upgrades = run(capsys, "upgrade-reviews").split("\n\n")[0].split("\n")
    assert len(upgrades) == 1 + len(HOSTILE) + 1


def test_every_csv_cell_is_inert(hostile: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    path = hostile.project / "reviews.csv"
    run(capsys, "reviews", "--format", "csv", "--out", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + len(HOSTILE) + 1
    for row in rows:
        assert len(row) == len(CSV_COLUMNS)
        for column, cell in zip(CSV_COLUMNS, row, strict=True):
            assert not FORBIDDEN.search(cell), (column, cell)
            if row is not rows[0] and column in NUMERIC:
                assert re.fullmatch(r"\d+", cell), (column, cell)  # walens's numbers stay numbers
            else:
                assert not cell.startswith(FORMULA_START), (column, cell)
    names = {row[CSV_COLUMNS.index("workloadName")] for row in rows[1:]}
    assert names == {"'" + clean(name) for name in HOSTILE} | {"'-500"}
    owners = {row[CSV_COLUMNS.index("reviewOwner")] for row in rows[1:]}
    assert owners == {"'" + clean(f"{name}@example.com") for name in HOSTILE} | {"'-500@example.com"}
    teams = {row[CSV_COLUMNS.index("tag:team")] for row in rows[1:]}
    assert teams == {"'" + clean(name) for name in HOSTILE} | {""}
