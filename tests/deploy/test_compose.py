"""docker-compose.yml cannot run here (no Docker engine), so it is checked by reading: every LMS_ variable it
sets is a setting the app reads, every command it runs exists, the proxy balances across every app host, and the
hosts, workers and proxy share the media and exports folders they are told about."""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from lms.cli import main

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def _render_module():
    spec = importlib.util.spec_from_file_location("render_nginx", ROOT / "deploy" / "render_nginx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def settings_the_app_reads() -> set[str]:
    return {name for path in (ROOT / "lms").rglob("*.py")
            for name in re.findall(r"[\"'](LMS_[A-Z0-9_]+)[\"']", path.read_text(encoding="utf-8"))}


def command(service: dict) -> list[str]:
    value = service.get("command", [])
    return value.split() if isinstance(value, str) else value


def app_hosts() -> dict[str, dict]:
    return {name: s for name, s in SERVICES.items() if command(s)[:1] == ["gunicorn"]}


def test_the_shape_is_all_there():
    assert len(app_hosts()) >= 2
    assert {"proxy", "worker", "redis", "db", "db-replica", "migrate"} <= set(SERVICES)
    assert command(SERVICES["worker"]) == ["lms", "worker"] and command(SERVICES["migrate"]) == ["lms", "init"]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_lms_variable_is_a_real_setting(name):
    known = settings_the_app_reads()
    unknown = sorted(k for k in SERVICES[name].get("environment") or {} if k.startswith("LMS_") and k not in known)
    assert not unknown, unknown


def test_the_commands_exist():
    assert {"init", "worker"} <= set(main.commands)
    for name, host in app_hosts().items():
        module, _, attribute = command(host)[-1].partition(":")
        source = ROOT / (module.replace(".", "/") + ".py")
        assigned = {t.id for node in ast.parse(source.read_text()).body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
        assert attribute in assigned, f"{name}: {module} has no {attribute}"
    dockerfile = ROOT / SERVICES["migrate"]["build"]["dockerfile"]
    assert dockerfile.is_file() and dockerfile.read_text().startswith("#")
    for service in SERVICES.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).is_file(), source
            else:
                assert source in COMPOSE["volumes"], source


def test_the_proxy_balances_across_every_app_host():
    script = " ".join(command(SERVICES["proxy"]))
    upstreams = re.findall(r"--upstream (\S+)", script)
    assert sorted(upstreams) == sorted(f"{name}:8000" for name in app_hosts())
    media_root = re.search(r"--media-root (\S+)", script).group(1)
    assert f"media:{media_root}:ro" in SERVICES["proxy"]["volumes"]
    site = _render_module().render(listen="80", upstream=upstreams, media_root=media_root, signing_key="k")
    assert upstreams == re.findall(r"^\s+server (\S+);", site, re.M)


@pytest.mark.parametrize("name", sorted(set(app_hosts()) | {"worker"}))
def test_hosts_and_workers_share_the_media_and_exports_folders(name):
    service = SERVICES[name]
    environment = service["environment"]
    assert f"media:{environment['LMS_MEDIA_ROOT']}" in service["volumes"]
    assert f"exports:{environment['LMS_EXPORTS_ROOT']}" in service["volumes"]
    assert environment["LMS_SECRET_KEY"] == SERVICES["migrate"]["environment"]["LMS_SECRET_KEY"]
    assert environment["LMS_JOBS"] == "rq" and environment["LMS_TRUSTED_PROXIES"] == "1"


def test_render_takes_several_upstreams_and_refuses_a_broken_one():
    render = _render_module()
    assert render.upstream_servers("127.0.0.1:8000") == "server 127.0.0.1:8000;"
    assert render.upstream_servers(["a:1", "b:2"]).split() == ["server", "a:1;", "server", "b:2;"]
    for bad in ([], ["a:1; server evil:80"], [""], ["a:1}"]):
        with pytest.raises(ValueError):
            render.upstream_servers(bad)
