"""Offline checks of the Kubernetes and Istio manifests of the traffic-lanes demo.

The manifests in ``cookbook/demos/lanes/k8s/`` cannot run in CI (they need a
cluster with Istio). The demo's validator (``k8s/validate``, a Go module of
its own) decodes them strictly into the official Kubernetes and Istio types;
these tests check that a typo in a field name fails there with file and line.
The other tests check what a decoder cannot: that the manifests fit together
(subsets match Deployment labels, the lane routes match the ``baggage``
header, every host is a Service) and that the Deployments start the services
with the flags and environment the Kitex xDS client needs.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import go_build

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "cookbook" / "demos" / "lanes" / "k8s"
RULES_GO = ROOT / "cookbook" / "demos" / "lanes" / "rules.go"
VALIDATE = K8S / "validate"
LANE_HEADER, LANE_VALUE = "baggage", "env=dev"
XDS_CLIENTS = {"productpage", "reviews"}  # the services that call others through xDS


def load_all() -> list[dict]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            docs += [doc for doc in yaml.safe_load_all(f) if doc is not None]
    return docs


DOCS = load_all()


def of_kind(kind: str) -> list[dict]:
    return [d for d in DOCS if d.get("kind") == kind]


SERVICES = {d["metadata"]["name"]: d for d in of_kind("Service")}
DEPLOYMENTS = {d["metadata"]["name"]: d for d in of_kind("Deployment")}
DESTINATION_RULES = {d["spec"]["host"]: d for d in of_kind("DestinationRule")}
VIRTUAL_SERVICES = {d["metadata"]["name"]: d for d in of_kind("VirtualService")}
GATEWAYS = {d["metadata"]["name"]: d for d in of_kind("Gateway")}


def pod_labels(deployment: dict) -> dict:
    return deployment["spec"]["template"]["metadata"]["labels"]


def container(deployment: dict) -> dict:
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


def flags(deployment: dict) -> dict[str, str | bool]:
    """The container's Go flags: -name value, or a bare -name for a boolean."""
    args, out, i = container(deployment)["args"], {}, 0
    while i < len(args):
        name = args[i].lstrip("-")
        if i + 1 < len(args) and not args[i + 1].startswith("-"):
            out[name], i = args[i + 1], i + 2
        else:
            out[name], i = True, i + 1
    return out


def selected(selector: dict) -> list[str]:
    return [name for name, d in DEPLOYMENTS.items() if selector.items() <= pod_labels(d).items()]


def test_every_document_has_a_kind_and_a_name():
    assert DOCS, f"no manifests found in {K8S}"
    for doc in DOCS:
        assert doc.get("apiVersion") and doc.get("kind"), doc
        assert doc.get("metadata", {}).get("name"), doc


def test_the_seven_versions_are_deployed():
    versions = sorted((pod_labels(d)["app"], pod_labels(d)["version"]) for d in DEPLOYMENTS.values())
    assert versions == [
        ("details", "v1"),
        ("productpage", "v1"),
        ("ratings", "v1"),
        ("ratings", "v2"),
        ("reviews", "v1"),
        ("reviews", "v2"),
        ("reviews", "v3"),
    ]


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_deployment_selects_its_own_pods_and_starts_that_version(name):
    d = DEPLOYMENTS[name]
    labels = pod_labels(d)
    assert d["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert {"app", "version"} <= labels.keys()
    f = flags(d)
    assert f["service"] == labels["app"] and f["version"] == labels["version"]
    # Proxyless: the Kitex client is the data plane, no Envoy sidecar.
    assert d["spec"]["template"]["metadata"]["annotations"]["sidecar.istio.io/inject"] == "false"
    port = int(str(f["addr"]).rsplit(":", 1)[1])
    assert port in {p["containerPort"] for p in container(d)["ports"]}


@pytest.mark.parametrize("name", sorted(n for n, d in DEPLOYMENTS.items() if pod_labels(d)["app"] in XDS_CLIENTS))
def test_xds_clients_get_what_the_kitex_xds_client_requires(name):
    d = DEPLOYMENTS[name]
    env = {e["name"]: e for e in container(d).get("env", [])}
    for var, field in (
        ("POD_NAMESPACE", "metadata.namespace"),
        ("POD_NAME", "metadata.name"),
        ("INSTANCE_IP", "status.podIP"),
    ):
        assert env[var]["valueFrom"]["fieldRef"]["fieldPath"] == field
    f = flags(d)
    assert f.get("nds") is True, "under Istio the client must wait for the name table"
    assert f["xds"] == "istiod.istio-system.svc:15010"


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_targets_resolve_to_services_and_their_ports(name):
    f = flags(DEPLOYMENTS[name])
    for flag in ("reviews", "ratings", "details"):
        if flag in f:
            host, port = str(f[flag]).split(":")
            assert host in SERVICES, f"{name}: -{flag} {f[flag]} names no Service"
            assert int(port) in {p["port"] for p in SERVICES[host]["spec"]["ports"]}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_selects_deployments_on_a_named_port(name):
    svc = SERVICES[name]["spec"]
    chosen = selected(svc["selector"])
    assert chosen, f"Service {name} selects no Deployment"
    for port in svc["ports"]:
        for dep in chosen:
            assert port["targetPort"] in {p["name"] for p in container(DEPLOYMENTS[dep])["ports"]}


@pytest.mark.parametrize("host", sorted(DESTINATION_RULES))
def test_every_subset_matches_the_labels_of_a_deployment(host):
    assert host in SERVICES
    service_selector = SERVICES[host]["spec"]["selector"]
    for subset in DESTINATION_RULES[host]["spec"]["subsets"]:
        chosen = selected({**service_selector, **subset["labels"]})
        assert len(chosen) == 1, f"subset {host}/{subset['name']} selects {chosen}"
        assert subset["name"] == subset["labels"]["version"]


def destinations(vs: dict):
    for route in vs["spec"]["http"]:
        for dest in route["route"]:
            yield dest["destination"]


@pytest.mark.parametrize("name", sorted(VIRTUAL_SERVICES))
def test_virtual_service_hosts_and_destinations_resolve(name):
    spec = VIRTUAL_SERVICES[name]["spec"]
    for host in spec["hosts"]:
        assert host == "*" or host in SERVICES, f"{name}: host {host} is no Service"
    for gateway in spec.get("gateways", []):
        assert gateway in GATEWAYS
    for dest in destinations(VIRTUAL_SERVICES[name]):
        assert dest["host"] in SERVICES
        if "subset" in dest:
            subsets = {s["name"] for s in DESTINATION_RULES[dest["host"]]["spec"]["subsets"]}
            assert dest["subset"] in subsets
        if "port" in dest:
            assert dest["port"]["number"] in {p["port"] for p in SERVICES[dest["host"]]["spec"]["ports"]}


@pytest.mark.parametrize(
    ("service", "stable"),
    [
        ("reviews", {"v1": 80, "v3": 20}),
        ("ratings", {"v1": 100}),
    ],
)
def test_lane_first_then_the_stable_split(service, stable):
    first, *rest = VIRTUAL_SERVICES[service]["spec"]["http"]
    (match,) = first["match"]
    assert match["headers"] == {LANE_HEADER: {"exact": LANE_VALUE}}
    assert [d["destination"]["subset"] for d in first["route"]] == ["v2"]
    (fallback,) = rest
    assert "match" not in fallback, "the stable route must catch everything else"
    weights = {d["destination"]["subset"]: d.get("weight", 100) for d in fallback["route"]}
    assert weights == stable


def test_local_control_plane_uses_the_same_lane_marker():
    source = RULES_GO.read_text(encoding="utf-8")
    assert re.search(rf'laneHeader\s*=\s*"{LANE_HEADER}"', source)
    assert re.search(rf'laneMarker\s*=\s*"{LANE_VALUE}"', source)
    assert re.search(r'"reviews": \{Lane: "v2", Stable: map\[string\]uint32\{"v1": 80, "v3": 20\}\}', source)


def test_gateway_sends_productpage_to_the_http_port():
    (route,) = VIRTUAL_SERVICES["productpage"]["spec"]["http"]
    assert route["match"][0]["uri"]["prefix"] == "/productpage"
    (dest,) = route["route"]
    assert dest["destination"] == {"host": "productpage", "port": {"number": 8080}}


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    return go_build(VALIDATE, ".", tmp_path_factory.mktemp("validate") / "validate", "validate the manifests")


def validate(binary: Path, *paths: Path) -> tuple[int, str]:
    result = subprocess.run([str(binary), *map(str, paths)], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


def test_validator_decodes_every_manifest_strictly(validator):
    status, out = validate(validator, K8S / "bookinfo.yaml", K8S / "istio.yaml")
    assert status == 0, out
    assert out.splitlines() == [
        f"{K8S / 'bookinfo.yaml'}: 7 Deployment (apps/v1), 4 Service (v1), decoded strictly",
        f"{K8S / 'istio.yaml'}: 2 DestinationRule (networking.istio.io/v1), 1 Gateway (networking.istio.io/v1), "
        "4 VirtualService (networking.istio.io/v1), decoded strictly",
    ]


@pytest.mark.parametrize(
    ("file", "field", "typo", "where"),
    [
        ("bookinfo.yaml", "containerPort: 8082", "containerPrt: 8082",
         'Deployment reviews-v1: unknown field "spec.template.spec.containers[0].ports[0].containerPrt"'),
        ("bookinfo.yaml", "targetPort: http", "targetPrt: http",
         'Service productpage: unknown field "spec.ports[0].targetPrt"'),
        ("bookinfo.yaml", "  replicas: 1", "  replica: 1",
         'Deployment productpage-v1: unknown field "spec.replica"'),
        ("istio.yaml", "subset: v2", "subsett: v2",
         'VirtualService reviews: unknown field "spec.http[0].route[0].destination.subsett"'),
        ("istio.yaml", "exact: env=dev", "exakt: env=dev",
         'VirtualService reviews: unknown field "spec.http[0].match[0].headers.baggage.exakt"'),
        ("istio.yaml", "    - name: v3\n      labels:", "    - name: v3\n      label:",
         'DestinationRule reviews: unknown field "spec.subsets[2].label"'),
        ("istio.yaml", "protocol: HTTP", "protocoll: HTTP",
         'Gateway bookinfo-gateway: unknown field "spec.servers[0].port.protocoll"'),
    ],
)
def test_a_typo_in_a_field_name_fails_with_file_and_line(validator, tmp_path, file, field, typo, where):
    text = (K8S / file).read_text(encoding="utf-8")
    assert field in text
    bad = tmp_path / file
    bad.write_text(text.replace(field, typo, 1), encoding="utf-8")
    line = text[: text.index(field)].count("\n") + 1 + field.count("\n")
    status, out = validate(validator, bad)
    assert status == 1
    assert out.splitlines()[0] == f"{bad}:{line}: {where}"


def test_a_value_of_the_wrong_type_fails_with_file_and_line(validator, tmp_path):
    text = (K8S / "bookinfo.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bookinfo.yaml"
    bad.write_text(text.replace("  replicas: 1", "  replicas: one", 1), encoding="utf-8")
    line = text[: text.index("  replicas: 1")].count("\n") + 1
    status, out = validate(validator, bad)
    assert (status, out.splitlines()[0]) == (
        1, f"{bad}:{line}: Deployment productpage-v1: spec.replicas: a string where the type wants int32"
    )


def test_the_page_counts_the_services_and_processes_it_runs():
    """Four services in seven processes: one Service per service, one Deployment per process."""
    services, processes = len(SERVICES), len(DEPLOYMENTS)
    words = {4: ("four", "四"), 7: ("seven", "七")}
    assert services in words and processes in words, f"the page's counts need new words: {services}, {processes}"
    page = (ROOT / "demos" / "traffic-lanes.md").read_text(encoding="utf-8")
    zh = (ROOT / "demos" / "traffic-lanes.zh.md").read_text(encoding="utf-8")
    en_services, zh_services = words[services]
    en_processes, zh_processes = words[processes]
    assert f"{en_services} small services" in page and f"in {en_processes} processes" in page
    assert f"{zh_services}个小服务" in zh and f"共{zh_processes}个进程" in zh
