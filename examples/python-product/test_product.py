"""The product's own tests, asking the lab whether it survives the hosts of
escalations 001 and 004: the legacy variant fails with the lab's reasons, the
fixed one passes."""

import time

import pytest

from product import InvalidLine, Product

LOGS = "/export/home/oracle/logs/arch_%d.log"


def wait_until(check, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.2)


@pytest.fixture
def host(lab, request):
    """A fresh host of the scenario the test names, removed afterwards."""
    scenario = request.param
    name = "%s-%s" % (scenario, request.node.name.split("[")[0].replace("_", "-"))
    addr = lab.start(scenario, name)
    yield name, addr
    lab.remove(name)


@pytest.mark.parametrize("host", ["rm-alias-solaris"], indirect=True)
def test_legacy_cleanup_leaves_prompts_waiting(lab, host):
    name, (ip, port) = host
    product = Product(ip, port, "ops", "ops", variant="legacy")
    try:
        product.remove_files([LOGS % n for n in range(1, 9)])
        # The pool's four connections each sit on an rm -i prompt.
        wait_until(lambda: sum(1 for s in lab.sessions(name) if s.get("waiting_input_since")) == 4)
        v = lab.verdict(name)
    finally:
        product.close()
    assert v["verdict"] == "fail"
    assert any("4 of them blocked reading input" in w for w in v["why"]), v["why"]
    assert "900 files in /export/home/oracle/logs were left on the host" in v["why"]


def timed_cleanup(ip, port):
    """Runs the fixed product's clean-up of all 900 files; returns its time,
    the number of operations and their errors."""
    product = Product(ip, port, "ops", "ops", variant="fixed")
    try:
        started = time.monotonic()
        threads, errors = product.remove_files([LOGS % n for n in range(1, 901)])
        for t in threads:
            t.join()
        return time.monotonic() - started, len(threads), errors
    finally:
        product.close()


@pytest.mark.parametrize("host", ["rm-alias-solaris"], indirect=True)
def test_fixed_cleanup_removes_every_file(lab, host):
    name, (ip, port) = host
    # The scenario bounds the time as a multiple of the healthy twin's: time it too.
    twin = name + "-twin"
    lab.call("POST", "/hosts", {"scenario": "rm-alias-solaris", "name": twin, "twin": True})
    try:
        twin_took, _, _ = timed_cleanup(*lab.map_port(int(lab.call("GET", "/hosts/" + twin)["addr"].rsplit(":", 1)[1])))
    finally:
        lab.remove(twin)
    took, operations, errors = timed_cleanup(ip, port)
    assert errors == []
    v = lab.verdict(name, {"operations": operations, "outcome": "success", "took_seconds": took, "twin_took_seconds": twin_took})
    assert v["verdict"] == "pass", v["why"]
    assert v.get("not_judged") is None


def volumes_report(product):
    try:
        pvs = sorted(product.list_physical_volumes())
    except (InvalidLine, RuntimeError) as e:
        return {"operations": 1, "failed": 1, "outcome": "error", "errors": ["%s: %s" % (type(e).__name__, e)]}
    return {"operations": 1, "outcome": "success", "volumes": [{"name": n, "vg": vg} for n, vg in pvs]}


def volumes_verdict(lab, host, variant):
    """The lab's verdict on the report of the product's variant listing the
    host's physical volumes."""
    name, (ip, port) = host
    product = Product(ip, port, "ops", "ops", variant=variant, pool_size=1)
    try:
        report = volumes_report(product)
    finally:
        product.close()
    return lab.verdict(name, report)


@pytest.mark.parametrize("host", ["sudo-pam-lastlog"], indirect=True)
def test_legacy_pvs_parser_dies_on_the_pam_banner(lab, host):
    v = volumes_verdict(lab, host, "legacy")
    assert v["verdict"] == "fail"
    assert any("InvalidLine: Missing field 'pv_name' in line 'Last login:" in w for w in v["why"]), v["why"]
    assert "lastlog-on-sudo (pam-banner)" in v["evidence"]["faults_fired"]


@pytest.mark.parametrize("host", ["sudo-pam-lastlog"], indirect=True)
def test_fixed_pvs_reader_ignores_the_banner(lab, host):
    v = volumes_verdict(lab, host, "fixed")
    assert v["verdict"] == "pass", v["why"]
