"""The embedded target's emulated network: what a request costs in round trips,
and HTTPS with a certificate the clients verify."""

from unittest import mock

import httpx
import pytest
import requests
from aiohttp.test_utils import make_mocked_request
from concurrency_bench.target.embedded import embedded_target
from concurrency_bench.target.server import make_app, network_wait

from script_runner import skipped_without

RTT = 0.05


def request_from(app, peer):
    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name: peer if name == "peername" else None
    return make_mocked_request("GET", "/ip", app=app, transport=transport)


@pytest.mark.parametrize("tls, first_trips", [(False, 2), (True, 3)])
def test_a_new_connection_pays_its_handshakes_a_reused_one_only_its_request(tls, first_trips):
    """First request on a connection: request + TCP handshake (+ TLS); later
    requests on the same connection: the request's round trip alone."""
    app = make_app(delay_s=0.0, rtt_s=RTT, tls=tls)
    assert network_wait(request_from(app, ("127.0.0.1", 50001))) == pytest.approx(first_trips * RTT)
    assert network_wait(request_from(app, ("127.0.0.1", 50001))) == pytest.approx(RTT)
    # Another client port is another connection, which pays its handshake again.
    assert network_wait(request_from(app, ("127.0.0.1", 50002))) == pytest.approx(first_trips * RTT)


def test_no_round_trip_means_plain_loopback():
    app = make_app(delay_s=0.0)
    assert network_wait(request_from(app, ("127.0.0.1", 50001))) == 0


def test_the_delay_comes_on_top_of_the_network():
    """/ip answers after the network's wait plus the configured delay."""
    app = make_app(delay_s=0.25, rtt_s=RTT)
    with mock.patch("asyncio.sleep") as sleep:
        sleep.return_value = None

        async def no_wait(seconds):
            no_wait.seconds = seconds

        sleep.side_effect = no_wait
        import asyncio

        from concurrency_bench.target.server import ip

        asyncio.run(ip(request_from(app, ("127.0.0.1", 50003))))
    assert no_wait.seconds == pytest.approx(0.25 + 2 * RTT)


def test_tls_target_is_verified_by_requests_and_httpx():
    """Inside the run the clients trust the run's CA with verification on;
    outside it the same URL fails verification: nothing turned it off."""
    with embedded_target(None, 0.0, tls=True) as target:
        assert target.url.startswith("https://127.0.0.1:")
        assert requests.get(target.url, timeout=10).json()["origin"] == "127.0.0.1"
        with httpx.Client() as client:
            assert client.get(target.url).status_code == 200
        with pytest.raises(requests.exceptions.SSLError, match="certificate verify failed"):
            requests.get(target.url, timeout=10, verify=requests.certs.where())


def test_tls_trust_ends_with_the_run():
    """The CA is trusted for the run only: the environment is restored."""
    import os

    before = {name: os.environ.get(name) for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")}
    with embedded_target(None, 0.0, tls=True):
        assert os.environ["SSL_CERT_FILE"].endswith("ca.pem")
    assert {name: os.environ.get(name) for name in before} == before


def test_a_tls_run_without_trustme_is_recorded_as_skipped(tmp_path, host, validator):
    """PyPy cannot install trustme (cryptography is Rust): the run says so, untimed."""
    tiny = ["--n-requests", 2, "--delay", 0.01, "--tls"]
    record = skipped_without(
        "trustme", "io-bound_sync", *tiny, cwd=tmp_path, host=host, validator=validator
    )
    assert record["outcome"]["reason"].startswith("TLS needs trustme for the run's certificate")
    assert record["params"]["tls"] is True
