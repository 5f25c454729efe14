"""The EKS lens's unit test: described clusters, answered in every question, graded by the lens's own rules.

Each persona is a cluster profile a senior EKS reviewer meets in practice. For every question of
the lens it lists the choices the profile's owners would honestly tick (and, rarely, the choices
they would mark not applicable), the risk the reviewer expects, and a one-line reason. The test
compiles ``lens_src/eks`` and grades each answer with the question's real risk rules, through the
project's evaluator (``publisher.riskexpr``). A rule change that breaks a persona must be argued in
the pull request: either the rule was wrong or the reviewer's expectation was.

Not applicable. The WA Tool lets a reviewer mark a choice NOT_APPLICABLE; the lens wording tells
them when (for example node pool choices on a Fargate-only cluster). The observed semantics
(docs: wa-custom-lens-format-and-api reference, "Risk rules", ORR G1/G3/G5) are that such a choice
is neutral: it satisfies ``&&`` terms and does not satisfy ``||`` terms. ``_graded`` grades with
the evaluator ``walens reviews`` uses for workload answers (``publisher.adoption.answer_risk``).
Personas use it only where the feature does not exist for them.

Answers name choices by the end of their id (``collect`` for ``ops_obs_collect``); ``no`` is the
question's "None of these".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from publisher.adoption.answer_risk import AnswerState
from publisher.adoption.answer_risk import risk_of as answer_risk
from publisher.sources import never_not_applicable

REPO = Path(__file__).resolve().parents[2]
LENS_DIR = REPO / "lens_src" / "eks"
RISK = {"HIGH": "HIGH_RISK", "MEDIUM": "MEDIUM_RISK", "NONE": "NO_RISK"}


@dataclass(frozen=True)
class Answer:
    ticks: str
    risk: str
    why: str
    na: str = ""


def A(ticks: str, risk: str, why: str, na: str = "") -> Answer:
    return Answer(ticks, risk, why, na)


@dataclass(frozen=True)
class Persona:
    name: str
    description: str
    answers: dict[str, Answer] = field(repr=False)


# --- the personas -------------------------------------------------------------------------------

STARTUP_FARGATE = Persona(
    "startup_fargate",
    """Seed-stage start-up, four engineers. One production and one staging EKS cluster in a single
    AWS account, every pod on Fargate in private subnets, state in Aurora Serverless. GitHub Actions
    deploys Helm charts with an OIDC-federated IAM role from a protected main branch, but every
    engineer still has cluster-admin. CloudWatch Container Insights and X-Ray, no alarms yet, no
    Savings Plans, public API endpoint left open.""",
    {
        "eks_ops_observability": A("strategy cplogs collect tracing", "MEDIUM",
                                   "telemetry and X-Ray traces exist, but no alarm tells anyone when it breaks"),
        "eks_ops_delivery": A("cluster_iac manifests_git prodlike_env", "NONE",
                              "CDK cluster, charts in git and a staging cluster built from the same code"),
        "eks_ops_gitops": A("push_locked merge_gate", "MEDIUM",
                            "the pipeline deploys from a protected branch, but engineers keep cluster-admin"),
        "eks_ops_progressive_delivery": A("rolling", "MEDIUM",
                                          "readiness-gated rolling updates, but a bad release waits for a person"),
        "eks_ops_upgrades": A("calendar addons", "MEDIUM",
                              "support dates tracked, but upgrades are neither checked for removed APIs nor rehearsed"),
        "eks_ops_day2": A("oncall", "MEDIUM", "the founders are on call, with no runbooks"),
        "eks_sec_cluster_access": A("entries pipelines", "HIGH",
                                    "access entries and a federated pipeline role, but every person is cluster-admin"),
        "eks_sec_workload_identity": A("pod_identity role_per_app imds_block", "NONE",
                                       "an IRSA role per app, and Fargate pods have no instance metadata to reach"),
        "eks_sec_workload_hardening": A("isolation", "MEDIUM",
                                        "Fargate gives every pod its own kernel, but no Pod Security Standards",
                                        na="node_os node_access"),
        "eks_sec_supply_chain": A("continuous_scan", "MEDIUM",
                                  "ECR enhanced scanning reports CVEs, but nothing blocks a vulnerable image"),
        "eks_sec_network": A("private_nodes", "HIGH",
                             "private subnets alone: the API is open to the internet and pods can reach each other"),
        "eks_sec_traffic_entry": A("tls_edge", "MEDIUM", "TLS ends at the ALB and travels on in plain HTTP"),
        "eks_sec_detection_response": A("api_threats", "MEDIUM",
                                        "GuardDuty watches the audit log; nothing watches inside the Fargate "
                                        "pods and nobody has a container playbook"),
        "eks_sec_data_secrets": A("ext_secrets no_plaintext", "MEDIUM",
                                  "External Secrets from Secrets Manager, but every engineer can read every Secret",
                                  na="volumes"),
        "eks_rel_workload_ha": A("spread probes", "MEDIUM",
                                 "two replicas across zones with probes, but no disruption budgets"),
        "eks_rel_data_plane": A("multi_az", "MEDIUM",
                                "Fargate in three zones replaces capacity, but it sizes each pod from its "
                                "requests and nothing makes teams set them", na="self_heal"),
        "eks_rel_scaling": A("nodes", "MEDIUM", "Fargate supplies capacity, but replica counts are fixed",
                             na="fallback"),
        "eks_rel_limits": A("ip_plan", "MEDIUM", "large subnets, but no quota or API server monitoring"),
        "eks_rel_backup_dr": A("rebuild managed_state", "MEDIUM",
                               "rebuildable from code with state in Aurora, but recovery was never tried"),
        "eks_rel_testing": A("no", "HIGH", "no failure has ever been injected or rehearsed"),
        "eks_rel_fleet": A("waves", "MEDIUM", "changes hit staging first, but there is one production cluster"),
        "eks_perf_data_plane": A("criteria limits managed", "MEDIUM",
                                 "Fargate chosen deliberately and checked, but nobody wrote down what they still own"),
        "eks_perf_compute": A("", "NONE", "no node pools to design: Fargate sizes each pod",
                              na="flexible node_size accel"),
        "eks_perf_sizing": A("throttling", "MEDIUM", "OOM kills are watched, but requests are chart defaults"),
        "eks_perf_networking": A("lb_ip", "MEDIUM", "the ALB targets pod IPs, CoreDNS is untuned"),
        "eks_perf_storage": A("by_pattern", "NONE", "no volumes: all state lives in Aurora",
                              na="ebs_tuned local monitor"),
        "eks_perf_startup": A("cache", "MEDIUM", "images are small, but start-up time is not measured",
                              na="ip_ready"),
        "eks_cost_allocation": A("tags", "MEDIUM", "the cluster tag is active, there is no pod-level view"),
        "eks_cost_governance": A("version", "MEDIUM",
                                 "upgrade policy STANDARD, but no namespace quota stops a runaway deployment",
                                 na="poollimits"),
        "eks_cost_rightsizing": A("consolidate", "MEDIUM",
                                  "Fargate bills per pod, but nobody checks requests against use",
                                  na="disrupt"),
        "eks_cost_pricing": A("spot_assessed fargate", "MEDIUM",
                              "no Spot on EKS Fargate is recorded, but the steady baseline has no Savings Plan"),
        "eks_cost_demand": A("offhours", "MEDIUM", "staging sleeps at night, production never scales in"),
        "eks_cost_network": A("endpoints registry", "MEDIUM",
                              "VPC endpoints and ECR in-Region, but traffic cost is not measured"),
        "eks_cost_observability": A("retention", "MEDIUM", "log retention set, telemetry spend unknown"),
        "eks_sus_utilization": A("no", "HIGH", "utilization never measured and replicas fixed at peak"),
        "eks_sus_hardware": A("", "NONE", "AWS picks the hardware behind Fargate",
                              na="current nodesize accel"),
        "eks_sus_software": A("images disruptable", "MEDIUM",
                              "small stateless images, but an X-Ray sidecar rides on every pod"),
        "eks_sus_data": A("", "NONE", "no volumes or cluster backups to manage",
                          na="reclaim sizing tiering backups"),
        "eks_sus_process": A("ci", "MEDIUM", "CI runs on hosted, ephemeral runners, nothing else is measured"),
    },
)

REGULATED_BANK = Persona(
    "regulated_bank",
    """Regulated retail bank. Production EKS Auto Mode clusters per business line in two Regions,
    run as independent cells in separate accounts per environment; Argo CD (EKS capability) pulls
    from protected repositories; IAM Identity Center, Kyverno, GuardDuty Runtime Monitoring and
    Security Hub; Secrets Manager with customer managed KMS keys; Savings Plans; central SRE and
    FinOps teams. Production stays off Spot by risk policy, vendor agents block Graviton, and
    nobody has yet looked at emissions.""",
    {
        "eks_ops_observability": A("strategy cplogs collect alarms tracing otel consumers", "NONE",
                                   "OpenTelemetry into managed Prometheus and X-Ray, alarms routed to SRE"),
        "eks_ops_delivery": A("cluster_iac manifests_git policy_tests prodlike_env", "NONE",
                              "everything in code, policy-tested, through a production-like pre-prod"),
        "eks_ops_gitops": A("pull_operator drift merge_gate no_direct controller_fields rollback", "NONE",
                            "Argo CD is the only writer behind reviewed merges and self-heals drift"),
        "eks_ops_progressive_delivery": A("rolling strategy controller slo_analysis pretests fallback", "NONE",
                                          "canaries with automatic analysis and rollback"),
        "eks_ops_upgrades": A("calendar insights nodes rehearse", "NONE",
                              "planned twice a year, rehearsed in pre-prod; Auto Mode builds the add-ons in",
                              na="addons"),
        "eks_ops_day2": A("oncall runbooks golden_path onboarding review", "NONE",
                          "SRE on call with runbooks, templates and a monthly scorecard"),
        "eks_sec_cluster_access": A("entries federated pipelines least_priv creator_admin review", "NONE",
                                    "Identity Center, scoped roles, no creator admin, quarterly reviews"),
        "eks_sec_workload_identity": A("pod_identity role_per_app imds_block sa_tokens", "NONE",
                                       "Pod Identity per app, IMDS closed to pods", na="addon_roles"),
        "eks_sec_workload_hardening": A("pss policy_engine node_os node_access isolation posture", "NONE",
                                        "restricted PSS, Kyverno, Auto Mode nodes without shell"),
        "eks_sec_supply_chain": A("scan_gate continuous_scan base_images registries signing", "NONE",
                                  "scanned, signed and verified images from approved registries only"),
        "eks_sec_network": A("endpoint private_nodes netpol", "NONE",
                             "private API, private nodes, default-deny network policies"),
        "eks_sec_traffic_entry": A("entry_api tls_edge to_pod certs mesh waf", "NONE",
                                   "TLS to the pod and strict mTLS between services"),
        "eks_sec_detection_response": A("audit_logs api_threats runtime routing playbooks", "NONE",
                                        "GuardDuty findings reach the SOC, playbooks preserve evidence"),
        "eks_sec_data_secrets": A("envelope ext_secrets secret_access volumes no_plaintext as_files rotation",
                                  "NONE", "Secrets Manager, customer managed keys, rotation, encrypted volumes"),
        "eks_rel_workload_ha": A("spread pdb probes shutdown", "NONE", "spread, budgeted and probed"),
        "eks_rel_data_plane": A("multi_az self_heal requests zonal_shift", "NONE",
                                "three zones, Auto Mode node repair, zonal autoshift; Auto Mode runs cluster DNS",
                                na="addons"),
        "eks_rel_scaling": A("pods nodes fallback headroom", "NONE", "HPA on saturation, Auto Mode capacity"),
        "eks_rel_limits": A("ip_plan quotas cp_health api_clients scale_plan", "NONE",
                            "IP space, quotas and API server health all tracked"),
        "eks_rel_backup_dr": A("rebuild backup managed_state dr_tested", "NONE",
                               "restores and Region failover drilled"),
        "eks_rel_testing": A("faults disruption zone gameday", "NONE", "FIS experiments and quarterly game days"),
        "eks_rel_fleet": A("boundaries cells shift waves baseline", "NONE",
                           "independent cells with weighted routing and wave rollouts"),
        "eks_perf_data_plane": A("criteria responsibility limits cost managed", "NONE",
                                 "Auto Mode chosen and costed, duties written down"),
        "eks_perf_compute": A("flexible node_size", "NONE",
                              "broad NodePools with consistent sizes, x86 only for vendor agents"),
        "eks_perf_sizing": A("observed throttling loadtest isolation", "NONE", "measured requests and load tests"),
        "eks_perf_networking": A("lb_ip dns monitor", "NONE",
                                 "IP targets, trimmed DNS search paths, allowance metrics"),
        "eks_perf_storage": A("by_pattern ebs_tuned monitor", "NONE", "gp3 tuned from measurements"),
        "eks_perf_startup": A("measure cache", "NONE", "start-up objective met and measured",
                              na="ip_ready"),
        "eks_cost_allocation": A("labels split tool tags report", "NONE", "full showback with idle cost"),
        "eks_cost_governance": A("quota poollimits policy lbshare version fleet", "NONE",
                                 "quotas, NodePool limits and a support-type decision per cluster"),
        "eks_cost_rightsizing": A("unused_cost consolidate disrupt", "NONE", "monthly gap review, consolidation on"),
        "eks_cost_pricing": A("commit spot_assessed order", "NONE",
                              "Savings Plans cover the baseline and production stays off Spot by recorded policy"),
        "eks_cost_demand": A("scale_in offhours ephemeral orphans", "NONE", "scales in and cleans up"),
        "eks_cost_network": A("measure endpoints zone registry", "NONE", "traffic cost measured and reduced"),
        "eks_cost_observability": A("measure retention log_volume cardinality sampling tiering", "NONE",
                                    "telemetry spend tracked and bounded"),
        "eks_sus_utilization": A("kpi release mix", "MEDIUM",
                                 "utilization tracked, but HPA targets kept low as regulatory headroom"),
        "eks_sus_hardware": A("current nodesize", "NONE", "current generations, little per-node overhead"),
        "eks_sus_software": A("images overhead disruptable async", "NONE", "small, movable workloads"),
        "eks_sus_data": A("reclaim sizing backups", "NONE", "volumes and snapshots have lifecycles"),
        "eks_sus_process": A("defaults ci", "MEDIUM", "efficient templates, but emissions are never looked at"),
    },
)

NEGLECTED = Persona(
    "neglected_cluster",
    """Neglected cluster. Built by hand in the console three years ago by an engineer who has left;
    its version is now in paid extended support. Self-managed node groups in an Auto Scaling group
    across zones on an old AMI, an aws-auth ConfigMap with one shared admin role, the public API
    endpoint open, workloads applied with kubectl from laptops, database passwords committed to git,
    an old Fluentd DaemonSet shipping every log line to log groups that never expire.""",
    {
        "eks_ops_observability": A("no", "HIGH", "nothing beyond kubectl logs"),
        "eks_ops_delivery": A("no", "HIGH", "hand-built cluster, manifests on laptops"),
        "eks_ops_gitops": A("no", "HIGH", "kubectl from laptops"),
        "eks_ops_progressive_delivery": A("no", "HIGH", "rolling updates without readiness probes replace everything"),
        "eks_ops_upgrades": A("no", "HIGH", "in extended support with no plan"),
        "eks_ops_day2": A("no", "HIGH", "nobody owns it"),
        "eks_sec_cluster_access": A("no", "HIGH", "a shared admin role in aws-auth"),
        "eks_sec_workload_identity": A("no", "HIGH", "pods use the node role, which can read every bucket"),
        "eks_sec_workload_hardening": A("no", "HIGH", "privileged pods and SSH keys on nodes"),
        "eks_sec_supply_chain": A("no", "HIGH", "latest tags from Docker Hub"),
        "eks_sec_network": A("private_nodes", "HIGH",
                             "private subnets alone: a world-open API endpoint and a flat pod network"),
        "eks_sec_traffic_entry": A("tls_edge", "MEDIUM", "an ACM certificate on the load balancer, nothing after it"),
        "eks_sec_detection_response": A("no", "HIGH", "no audit log, no runtime detection"),
        "eks_sec_data_secrets": A("volumes", "HIGH",
                                  "passwords in git: encrypted volumes cannot lower that"),
        "eks_rel_workload_ha": A("no", "HIGH", "single replicas"),
        "eks_rel_data_plane": A("multi_az", "MEDIUM", "the Auto Scaling group spans zones, but nothing "
                                "repairs nodes and pods have no requests"),
        "eks_rel_scaling": A("no", "HIGH", "fixed replicas on fixed nodes"),
        "eks_rel_limits": A("no", "HIGH", "small subnets and nobody watching quotas"),
        "eks_rel_backup_dr": A("no", "HIGH", "the cluster could not be rebuilt"),
        "eks_rel_testing": A("no", "HIGH", "never tested"),
        "eks_rel_fleet": A("no", "HIGH", "one cluster changed by hand"),
        "eks_perf_data_plane": A("no", "HIGH", "self-managed nodes for no recorded reason"),
        "eks_perf_compute": A("no", "HIGH", "one old instance type"),
        "eks_perf_sizing": A("no", "HIGH", "no requests at all"),
        "eks_perf_networking": A("no", "HIGH", "instance-mode Classic Load Balancer, default CoreDNS"),
        "eks_perf_storage": A("no", "HIGH", "default gp2 everywhere"),
        "eks_perf_startup": A("no", "HIGH", "nobody knows how long start-up takes"),
        "eks_cost_allocation": A("no", "HIGH", "the whole bill is unattributed"),
        "eks_cost_governance": A("no", "HIGH", "extended support fees nobody decided"),
        "eks_cost_rightsizing": A("no", "HIGH", "half-empty nodes kept forever"),
        "eks_cost_pricing": A("no", "HIGH", "all On-Demand, nobody looked"),
        "eks_cost_demand": A("no", "HIGH", "nothing scales in or gets cleaned up"),
        "eks_cost_network": A("no", "HIGH", "everything through one NAT gateway"),
        "eks_cost_observability": A("no", "HIGH", "every log line kept forever"),
        "eks_sus_utilization": A("no", "HIGH", "never measured"),
        "eks_sus_hardware": A("no", "HIGH", "previous-generation instances"),
        "eks_sus_software": A("no", "HIGH", "full OS images"),
        "eks_sus_data": A("no", "HIGH", "retained volumes of deleted services"),
        "eks_sus_process": A("no", "HIGH", "no process at all"),
    },
)

BATCH_SPOT = Persona(
    "batch_on_spot",
    """Data-processing platform. One account per environment; Karpenter on a small managed node
    group runs almost everything on Spot across many instance families, with Graviton for Spark
    executors; Flux deploys, KEDA scales Jobs from SQS queues, results go to S3; Amazon Managed
    Service for Prometheus and Grafana. The only request path is an internal API behind an NLB.""",
    {
        "eks_ops_observability": A("strategy cplogs collect alarms consumers", "NONE",
                                   "metrics, logs and alarms cover jobs that have no request path to trace",
                                   na="tracing"),
        "eks_ops_delivery": A("cluster_iac manifests_git policy_tests prodlike_env", "NONE",
                              "Terraform, Flux repositories and a staging platform"),
        "eks_ops_gitops": A("pull_operator drift merge_gate no_direct controller_fields rollback", "NONE",
                            "Flux is the only writer and reapplies git on every interval"),
        "eks_ops_progressive_delivery": A("rolling pretests", "MEDIUM",
                                          "gated rolling updates and smoke tests, but rollback is manual"),
        "eks_ops_upgrades": A("calendar insights addons nodes", "MEDIUM",
                              "planned and automated, but never rehearsed before production"),
        "eks_ops_day2": A("oncall runbooks golden_path", "NONE", "on call, runbooks and job templates"),
        "eks_sec_cluster_access": A("entries federated pipelines least_priv", "MEDIUM",
                                    "the creator role still holds cluster-admin"),
        "eks_sec_workload_identity": A("pod_identity role_per_app imds_block addon_roles", "NONE",
                                       "Pod Identity per job type"),
        "eks_sec_workload_hardening": A("pss node_os node_access", "NONE",
                                        "baseline PSS on Bottlerocket; one team's jobs of one trust level",
                                        na="isolation"),
        "eks_sec_supply_chain": A("scan_gate continuous_scan registries", "NONE", "scanned images from ECR only"),
        "eks_sec_network": A("endpoint private_nodes netpol", "NONE", "private API and default-deny policies"),
        "eks_sec_traffic_entry": A("tls_edge", "MEDIUM", "TLS terminates at the NLB for the internal API"),
        "eks_sec_detection_response": A("audit_logs api_threats runtime routing", "MEDIUM",
                                        "findings arrive, but no container playbook exists"),
        "eks_sec_data_secrets": A("no_plaintext ext_secrets secret_access volumes", "NONE",
                                  "Secrets Manager and encrypted scratch volumes"),
        "eks_rel_workload_ha": A("spread pdb probes shutdown", "NONE", "the API is spread and jobs handle SIGTERM"),
        "eks_rel_data_plane": A("multi_az self_heal requests addons", "NONE", "three zones with node repair"),
        "eks_rel_scaling": A("pods nodes fallback", "NONE", "KEDA plus Karpenter over many instance types"),
        "eks_rel_limits": A("ip_plan quotas cp_health", "NONE", "prefix delegation and Spot quotas tracked"),
        "eks_rel_backup_dr": A("rebuild managed_state", "MEDIUM",
                               "rebuildable with results in S3, but recovery never exercised"),
        "eks_rel_testing": A("disruption", "MEDIUM", "Spot interruptions are rehearsed, zone loss is not"),
        "eks_rel_fleet": A("boundaries waves", "MEDIUM", "a second cluster exists only on paper"),
        "eks_perf_data_plane": A("criteria responsibility managed", "NONE",
                                 "Karpenter on managed capacity by design"),
        "eks_perf_compute": A("flexible node_size graviton", "NONE", "broad pools with Graviton executors"),
        "eks_perf_sizing": A("observed throttling loadtest", "NONE", "executor sizes from measurements"),
        "eks_perf_networking": A("lb_ip dns", "NONE", "IP targets and a scaled CoreDNS"),
        "eks_perf_storage": A("by_pattern local monitor", "NONE", "NVMe scratch for shuffle, monitored"),
        "eks_perf_startup": A("measure cache ip_ready", "NONE", "SOCI lazy loading for large images"),
        "eks_cost_allocation": A("labels split tags report", "NONE", "cost per pipeline and team"),
        "eks_cost_governance": A("quota poollimits version", "NONE", "quotas and NodePool limits"),
        "eks_cost_rightsizing": A("unused_cost consolidate disrupt", "NONE", "consolidation and reviews"),
        "eks_cost_pricing": A("commit spot order", "NONE", "Spot first, a small Savings Plan for the baseline"),
        "eks_cost_demand": A("scale_in offhours orphans", "NONE", "queues scale to zero"),
        "eks_cost_network": A("measure endpoints zone", "NONE", "S3 gateway endpoint, zone-aware shuffles"),
        "eks_cost_observability": A("retention cardinality", "MEDIUM",
                                    "executors log at INFO and nobody knows what telemetry costs"),
        "eks_sus_utilization": A("kpi release", "MEDIUM", "idle capacity released, executors over-provisioned"),
        "eks_sus_hardware": A("current nodesize", "NONE", "current generations, large nodes"),
        "eks_sus_software": A("overhead disruptable async", "MEDIUM", "multi-gigabyte Spark images"),
        "eks_sus_data": A("reclaim backups", "NONE", "scratch volumes deleted with their claims"),
        "eks_sus_process": A("defaults ci", "MEDIUM",
                             "vCPU-hours per job are tracked for cost, but emissions are never reviewed"),
    },
)

PLATFORM_TEAM = Persona(
    "multi_tenant_platform",
    """Internal developer platform. A six-person platform team runs three shared multi-tenant
    production clusters (one per Region) on managed node groups with Karpenter for 40 application
    teams: a namespace per team, Kyverno, golden-path templates, Argo CD ApplicationSets, Kubecost.
    Application teams own their services, so tracing, load tests and log levels vary by team.""",
    {
        "eks_ops_observability": A("strategy cplogs collect alarms consumers", "MEDIUM",
                                   "platform telemetry and alarms, but most teams do not trace"),
        "eks_ops_delivery": A("cluster_iac manifests_git policy_tests prodlike_env", "NONE",
                              "clusters and tenants as code, tested in a staging fleet"),
        "eks_ops_gitops": A("pull_operator drift merge_gate no_direct controller_fields rollback", "NONE",
                            "ApplicationSets behind reviewed merges, OutOfSync alerts to each team"),
        "eks_ops_progressive_delivery": A("rolling pretests", "MEDIUM",
                                          "safe rolling updates, automatic rollback only for a few teams"),
        "eks_ops_upgrades": A("calendar insights addons nodes rehearse", "NONE", "fleet upgrades rehearsed"),
        "eks_ops_day2": A("oncall runbooks golden_path onboarding review", "NONE",
                          "the platform is run as a product"),
        "eks_sec_cluster_access": A("entries federated pipelines least_priv creator_admin review", "NONE",
                                    "namespace-scoped roles per team"),
        "eks_sec_workload_identity": A("pod_identity role_per_app imds_block addon_roles", "NONE",
                                       "Pod Identity associations created at onboarding"),
        "eks_sec_workload_hardening": A("pss policy_engine node_os node_access posture", "MEDIUM",
                                        "restricted PSS and Kyverno for every tenant, but tenants of different "
                                        "trust share nodes"),
        "eks_sec_supply_chain": A("scan_gate continuous_scan base_images registries", "NONE",
                                  "curated base images and approved registries"),
        "eks_sec_network": A("endpoint private_nodes netpol sgpp", "NONE", "default-deny between tenants"),
        "eks_sec_traffic_entry": A("entry_api tls_edge waf", "MEDIUM",
                                   "Gateway API and WAF, but TLS ends at the shared ALB"),
        "eks_sec_detection_response": A("audit_logs api_threats runtime routing playbooks", "NONE",
                                        "findings routed to the owning team"),
        "eks_sec_data_secrets": A("no_plaintext ext_secrets secret_access volumes as_files", "NONE",
                                  "secrets per tenant namespace from Secrets Manager"),
        "eks_rel_workload_ha": A("spread pdb probes", "NONE", "enforced by template and policy"),
        "eks_rel_data_plane": A("multi_az self_heal requests addons zonal_shift", "NONE",
                                "zone-spread capacity with auto repair"),
        "eks_rel_scaling": A("pods nodes fallback headroom", "NONE", "Karpenter with placeholder headroom"),
        "eks_rel_limits": A("ip_plan quotas cp_health api_clients", "NONE", "API priority and fairness tuned"),
        "eks_rel_backup_dr": A("rebuild backup", "MEDIUM", "Velero backups that were never restored"),
        "eks_rel_testing": A("faults disruption", "MEDIUM", "pod and node faults, but no zone exercise"),
        "eks_rel_fleet": A("boundaries cells waves baseline", "MEDIUM",
                           "a cluster per Region, but tenants cannot move traffic between them"),
        "eks_perf_data_plane": A("criteria responsibility limits cost managed", "NONE",
                                 "managed node groups plus Karpenter, documented"),
        "eks_perf_compute": A("flexible node_size graviton", "NONE", "multi-arch by default"),
        "eks_perf_sizing": A("observed throttling", "MEDIUM", "VPA recommendations, few teams load test"),
        "eks_perf_networking": A("lb_ip dns monitor", "NONE", "IP targets, NodeLocal DNSCache"),
        "eks_perf_storage": A("by_pattern ebs_tuned", "MEDIUM", "gp3 classes, volume limits not monitored"),
        "eks_perf_startup": A("measure", "MEDIUM", "start-up measured, some tenants ship huge images"),
        "eks_cost_allocation": A("labels tool tags report", "NONE", "Kubecost showback per team"),
        "eks_cost_governance": A("quota poollimits policy lbshare version fleet", "NONE",
                                 "quotas, limits and shared gateways"),
        "eks_cost_rightsizing": A("unused_cost consolidate disrupt", "NONE", "monthly gap reviews with teams"),
        "eks_cost_pricing": A("commit spot order", "NONE", "Savings Plans plus Spot for tolerant tenants"),
        "eks_cost_demand": A("scale_in offhours ephemeral orphans", "NONE", "previews expire, dev sleeps"),
        "eks_cost_network": A("measure endpoints zone registry", "NONE", "measured and zone-aware"),
        "eks_cost_observability": A("measure retention", "MEDIUM", "tenants choose their own log levels"),
        "eks_sus_utilization": A("kpi release mix", "MEDIUM", "tracked, but HPA targets vary by team"),
        "eks_sus_hardware": A("current nodesize", "NONE", "current generations, large nodes"),
        "eks_sus_software": A("overhead disruptable", "MEDIUM", "image size is left to each team"),
        "eks_sus_data": A("reclaim sizing backups", "NONE", "lifecycles set by the platform"),
        "eks_sus_process": A("defaults ci", "MEDIUM", "efficient defaults, no emissions measure"),
    },
)

STATELESS_SAAS = Persona(
    "stateless_managed_state",
    """Stateless SaaS API. One production cluster on managed node groups with Karpenter, On-Demand
    only because of a strict latency objective, in a production-only account; all state in Aurora
    and DynamoDB global tables. Terraform and a locked-down GitHub Actions pipeline rebuild the
    cluster from git (no pull controller, no backup tool); DR is tested twice a year by building a
    fresh cluster in a second Region. Datadog for metrics, logs and APM tracing.""",
    {
        "eks_ops_observability": A("strategy cplogs collect alarms tracing", "NONE",
                                   "Datadog APM is full tracing, OpenTelemetry is not required"),
        "eks_ops_delivery": A("cluster_iac manifests_git prodlike_env", "NONE", "Terraform, charts and staging"),
        "eks_ops_gitops": A("push_locked merge_gate no_direct controller_fields rollback", "MEDIUM",
                            "a locked-down push pipeline is the only writer, but nobody would notice drift"),
        "eks_ops_progressive_delivery": A("rolling slo_analysis", "MEDIUM",
                                          "gated rolling updates reverted on Datadog monitors, but the public API "
                                          "every customer calls is never released as a canary"),
        "eks_ops_upgrades": A("calendar insights addons nodes rehearse", "NONE", "rehearsed on staging"),
        "eks_ops_day2": A("oncall runbooks", "MEDIUM",
                          "on call with runbooks, but new services copy the nearest old one"),
        "eks_sec_cluster_access": A("entries federated pipelines least_priv creator_admin", "NONE",
                                    "federated, scoped, no creator admin"),
        "eks_sec_workload_identity": A("pod_identity role_per_app imds_block", "NONE", "Pod Identity per service"),
        "eks_sec_workload_hardening": A("pss node_os node_access", "NONE",
                                        "restricted PSS on Bottlerocket for one service of one trust level",
                                        na="isolation"),
        "eks_sec_supply_chain": A("scan_gate continuous_scan registries signing", "NONE", "signed, scanned images"),
        "eks_sec_network": A("endpoint private_nodes netpol", "NONE", "private API and network policies"),
        "eks_sec_traffic_entry": A("tls_edge to_pod certs waf", "NONE", "ALB re-encrypts to pods"),
        "eks_sec_detection_response": A("audit_logs api_threats runtime routing", "MEDIUM",
                                        "detection without a container playbook"),
        "eks_sec_data_secrets": A("no_plaintext ext_secrets secret_access as_files rotation", "NONE",
                                  "rotated Secrets Manager secrets mounted as files", na="volumes"),
        "eks_rel_workload_ha": A("spread pdb probes shutdown", "NONE", "spread and budgeted"),
        "eks_rel_data_plane": A("multi_az self_heal requests addons", "NONE", "three zones, node repair"),
        "eks_rel_scaling": A("pods nodes fallback", "NONE",
                             "On-Demand only, across many instance types: no Spot needed for NO_RISK"),
        "eks_rel_limits": A("ip_plan quotas cp_health", "NONE", "planned and monitored"),
        "eks_rel_backup_dr": A("rebuild managed_state dr_tested", "NONE",
                               "nothing in the cluster to back up, and the rebuild is drilled"),
        "eks_rel_testing": A("faults disruption zone", "NONE", "FIS pod, node and zone experiments"),
        "eks_rel_fleet": A("boundaries waves baseline", "MEDIUM",
                           "one production cluster: a bad add-on change still takes everything down"),
        "eks_perf_data_plane": A("criteria responsibility managed", "NONE", "managed node groups by choice"),
        "eks_perf_compute": A("flexible node_size", "NONE", "broad pools of similar sizes"),
        "eks_perf_sizing": A("observed throttling loadtest", "NONE", "load-tested requests"),
        "eks_perf_networking": A("lb_ip dns", "NONE", "IP targets, tuned CoreDNS"),
        "eks_perf_storage": A("by_pattern", "NONE", "no volumes: state is in managed databases",
                              na="ebs_tuned local monitor"),
        "eks_perf_startup": A("measure cache ip_ready", "NONE", "small images and warm IPs"),
        "eks_cost_allocation": A("labels tags", "MEDIUM", "tags and labels, but no pod-level cost data"),
        "eks_cost_governance": A("poollimits version", "MEDIUM",
                                 "NodePool limits, but namespaces without quota can still grow the bill"),
        "eks_cost_rightsizing": A("unused_cost consolidate", "NONE", "reviews and consolidation"),
        "eks_cost_pricing": A("commit spot_assessed", "NONE",
                              "Savings Plans, and On-Demand only for a recorded latency reason"),
        "eks_cost_demand": A("scale_in offhours orphans", "NONE",
                             "production-only account, scales in at night, cleaned up"),
        "eks_cost_network": A("measure endpoints zone", "NONE", "zone-aware with endpoints"),
        "eks_cost_observability": A("measure retention log_volume", "NONE", "Datadog spend per team, filtered logs"),
        "eks_sus_utilization": A("kpi sweetspot release", "NONE", "measured and tuned"),
        "eks_sus_hardware": A("current nodesize", "NONE", "current generations"),
        "eks_sus_software": A("images overhead disruptable", "NONE", "small stateless services"),
        "eks_sus_data": A("", "NONE", "no volumes or cluster backups exist",
                          na="reclaim sizing tiering backups"),
        "eks_sus_process": A("ci", "MEDIUM", "ephemeral CI only, no measure or defaults"),
    },
)

PERSONAS = [STARTUP_FARGATE, REGULATED_BANK, NEGLECTED, BATCH_SPOT, PLATFORM_TEAM, STATELESS_SAAS]


# --- grading ------------------------------------------------------------------------------------

def resolve(question: dict[str, Any], tokens: str) -> set[str]:
    """Choice ids named by the ends of their ids; each token must name exactly one choice."""
    ids = [c["id"] for c in question["choices"]]
    resolved = set()
    for token in tokens.split():
        hits = [cid for cid in ids if cid == token or cid.endswith("_" + token)]
        assert len(hits) == 1, f"{question['id']}: {token!r} names {hits or 'no choice'}"
        resolved.add(hits[0])
    return resolved


def _graded(question: dict[str, Any], ticked: set[str], na: set[str]) -> str | None:
    """The risk level the answer gets, as walens grades workload answers (``publisher.adoption.answer_risk``,
    property-tested against the sandbox's own scoring); None while it is unanswered."""
    return RISK.get(answer_risk(question, AnswerState(frozenset(ticked), frozenset(na))))


def cases() -> Iterator[tuple[Persona, str]]:
    for persona in PERSONAS:
        for qid in persona.answers:
            yield persona, qid


def test_at_least_six_described_personas() -> None:
    assert len(PERSONAS) >= 6
    assert len({p.name for p in PERSONAS}) == len(PERSONAS)
    for persona in PERSONAS:
        assert len(" ".join(persona.description.split())) >= 150, persona.name


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_persona_answers_every_question(persona: Persona, questions: dict[str, dict[str, Any]]) -> None:
    assert sorted(persona.answers) == sorted(questions)
    for qid, answer in persona.answers.items():
        question = questions[qid]
        ticked, na = resolve(question, answer.ticks), resolve(question, answer.na)
        assert ticked or na, f"{persona.name}/{qid}: an answer ticks or rules out something"
        assert not ticked & na, f"{persona.name}/{qid}: ticked and not applicable at once"
        none_id = question["choices"][-1]["id"]
        assert none_id not in na, f"{persona.name}/{qid}: 'None of these' cannot be not applicable"
        assert none_id not in ticked or ticked == {none_id}, f"{persona.name}/{qid}: None of these plus others"
        assert answer.risk in RISK and answer.why.strip(), f"{persona.name}/{qid}"


@pytest.mark.parametrize(("persona", "qid"), list(cases()), ids=lambda v: v.name if isinstance(v, Persona) else v)
def test_rules_give_the_reviewers_risk(persona: Persona, qid: str, questions: dict[str, dict[str, Any]]) -> None:
    question = questions[qid]
    answer = persona.answers[qid]
    got = _graded(question, resolve(question, answer.ticks), resolve(question, answer.na))
    assert got == RISK[answer.risk], (f"{persona.name}/{qid}: rules say {got}, reviewer expects {answer.risk}: "
                                      f"{answer.why}")


def test_every_question_separates_the_personas(questions: dict[str, dict[str, Any]]) -> None:
    for qid in questions:
        seen = {p.answers[qid].risk for p in PERSONAS}
        assert len(seen) >= 2, f"{qid}: every persona gets {seen}"


@pytest.fixture(scope="module")
def never_na() -> dict[str, frozenset[str]]:
    return never_not_applicable(LENS_DIR)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_personas_mark_not_applicable_only_where_the_lens_allows(
        persona: Persona, questions: dict[str, dict[str, Any]], never_na: dict[str, frozenset[str]]) -> None:
    for qid, answer in persona.answers.items():
        forbidden = resolve(questions[qid], answer.na) & never_na.get(qid, frozenset())
        assert not forbidden, f"{persona.name}/{qid}: the lens never allows {sorted(forbidden)} not applicable"


LAUNDERING = [  # issue 21: an essential choice marked not applicable used to reach NO_RISK
    ("eks_rel_workload_ha", "spread probes", "pdb", "MEDIUM"),
    ("eks_sec_supply_chain", "scan_gate registries", "continuous_scan", "MEDIUM"),
    ("eks_ops_upgrades", "calendar insights nodes", "rehearse", "MEDIUM"),
    ("eks_sec_network", "endpoint private_nodes", "netpol sgpp", "MEDIUM"),
]


@pytest.mark.parametrize(("qid", "ticks", "na", "risk"), LAUNDERING, ids=[case[0] for case in LAUNDERING])
def test_essential_choice_marked_not_applicable_scores_as_unselected(
        qid: str, ticks: str, na: str, risk: str, questions: dict[str, dict[str, Any]]) -> None:
    question = questions[qid]
    ticked, marked = resolve(question, ticks), resolve(question, na)
    assert _graded(question, ticked, marked) == _graded(question, ticked, set()) == RISK[risk]


def test_every_choice_is_either_never_not_applicable_or_says_when(
        questions: dict[str, dict[str, Any]], never_na: dict[str, frozenset[str]]) -> None:
    """One convention for the whole lens: "Mark not applicable only when ..." in the choice's helpful text."""
    for qid, question in questions.items():
        for choice in question["choices"]:
            if choice["id"].endswith("_no"):
                continue
            text = choice.get("helpfulResource", {}).get("displayText", "") + " " + choice["title"]
            says_when = "Mark not applicable only when " in text
            assert says_when != (choice["id"] in never_na.get(qid, frozenset())), f"{qid}/{choice['id']}"
            for phrase in ("can tick this choice", "or none are used", "can mark this", "or all images are small"):
                assert phrase not in text, f"{qid}/{choice['id']}: {phrase!r}"


def test_not_applicable_follows_the_observed_semantics() -> None:
    question = {"choices": [{"id": cid} for cid in ("a", "b", "c", "q_no")],
                "riskRules": [{"condition": "(a && b) && !q_no", "risk": "NO_RISK"},
                              {"condition": "(a || b) && !q_no", "risk": "MEDIUM_RISK"},
                              {"condition": "default", "risk": "HIGH_RISK"}]}
    assert _graded(question, {"a"}, {"b"}) == "NO_RISK"       # NA satisfies &&
    assert _graded(question, set(), {"a", "b"}) == "NO_RISK"  # everything NA: no risk, as observed
    question["riskRules"][0]["condition"] = "(a && (b || c)) && !q_no"
    assert _graded(question, {"a"}, {"b"}) == "MEDIUM_RISK"   # NA does not satisfy ||
    assert _graded(question, {"a", "c"}, {"b"}) == "NO_RISK"
