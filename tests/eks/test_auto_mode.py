"""Issue 21: every choice whose practice differs on EKS Auto Mode says what an Auto Mode user does."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.sources import compile_lens

LENS_DIR = Path(__file__).resolve().parents[2] / "lens_src" / "eks"

#: Choices given an Auto Mode sentence in lens 3.1 (docs/eks-lens-notes/3.1-changes.md).
AUTO_MODE_CHOICES = [
    "cost_alloc_tags", "cost_price_spot", "cost_price_order", "cost_size_disrupt", "ops_day2_runbooks",
    "ops_obs_collect", "perf_sto_ebs_tuned", "perf_sto_local", "rel_scale_fallback", "sec_net_private_nodes",
    "sec_wid_imds_block", "perf_start_cache", "cost_gov_lbshare", "sus_hw_accel", "perf_cmp_node_size", "rel_ha_probes",
]


@pytest.fixture(scope="module")
def choice_texts() -> dict[str, str]:
    doc = compile_lens(LENS_DIR).doc
    keys = ("helpfulResource", "improvementPlan")
    return {
        choice["id"]: " ".join(choice.get(key, {}).get("displayText", "") for key in keys)
        for pillar in doc["pillars"] for question in pillar["questions"] for choice in question["choices"]
    }


@pytest.mark.parametrize("choice_id", AUTO_MODE_CHOICES)
def test_choice_says_what_an_auto_mode_user_does(choice_texts: dict[str, str], choice_id: str) -> None:
    assert "EKS Auto Mode" in choice_texts[choice_id], choice_id
