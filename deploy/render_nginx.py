#!/usr/bin/env python3
"""Fill in deploy/nginx/lms.conf (and, with --standalone, a whole nginx.conf around it in --run-dir).

    python deploy/render_nginx.py --listen 80 --upstream 127.0.0.1:8000 --media-root /srv/lms/media \\
        --signing-key "$LMS_MEDIA_SIGNING_KEY" > /etc/nginx/sites-available/lms.conf

Several app hosts: repeat ``--upstream`` (``--upstream 10.0.0.11:8000 --upstream 10.0.0.12:8000``).

Used as a module by the integration test and the benchmark (``render``, ``standalone``).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent / "nginx"
REPO = HERE.parent.parent


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", str(value))
    if "@@" in text:
        raise ValueError("a placeholder was left unfilled: " + text[text.index("@@"):][:40])
    return text


def upstream_servers(upstream: str | Sequence[str]) -> str:
    """The upstream block's ``server`` lines: one address, or one per app host."""
    addresses = [upstream] if isinstance(upstream, str) else list(upstream)
    if not addresses or any(not a or any(c in a for c in ' ;{}"\'\n') for a in addresses):
        raise ValueError("each upstream is an address such as 127.0.0.1:8000 or unix:/run/lms/gunicorn.sock")
    return "\n    ".join(f"server {address};" for address in addresses)


def render(*, listen: str, upstream: str | Sequence[str], media_root: str, signing_key: str,
           max_body_mb: int = 1025, static_root: str | None = None, conf_dir: str | None = None) -> str:
    if not signing_key or any(c in signing_key for c in ' ";{}$\\\n'):
        raise ValueError("the signing key must be non-empty, without spaces, quotes, braces, $ or backslashes")
    return fill((HERE / "lms.conf").read_text(), {
        "LISTEN": listen, "UPSTREAM_SERVERS": upstream_servers(upstream),
        "STATIC_ROOT": static_root or str(REPO / "static"),
        "MEDIA_ROOT": str(Path(media_root).resolve()), "SIGNING_KEY": signing_key, "MAX_BODY_MB": max_body_mb,
        "CONF_DIR": conf_dir or str(HERE)})


def standalone(run_dir: Path, *, workers: int = 1, **site) -> Path:
    """Write lms.conf and nginx.conf into ``run_dir``; returns the path for ``nginx -c``."""
    run_dir = Path(run_dir)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    (run_dir / "lms.conf").write_text(render(**site))
    # Run as root (CI), workers would drop to nobody and lose the private temp folders: keep them root.
    user_line = "user root;" if os.geteuid() == 0 else f"# runs as {getpass.getuser()}"
    conf = run_dir / "nginx.conf"
    conf.write_text(fill((HERE / "standalone.conf").read_text(),
                         {"USER_LINE": user_line, "WORKERS": workers, "RUN_DIR": str(run_dir)}))
    return conf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80")
    parser.add_argument("--upstream", action="append",
                        help="an app host's address (gunicorn); repeat for several (default 127.0.0.1:8000)")
    parser.add_argument("--media-root", required=True)
    parser.add_argument("--signing-key", default=os.environ.get("LMS_MEDIA_SIGNING_KEY", ""))
    parser.add_argument("--max-body-mb", type=int, default=int(os.environ.get("LMS_MAX_VIDEO_MB", "1024")) + 1)
    parser.add_argument("--static-root")
    parser.add_argument("--conf-dir", help="where media_types.conf is installed (default: this checkout)")
    parser.add_argument("--standalone", metavar="RUN_DIR", help="write a whole nginx.conf into RUN_DIR")
    args = parser.parse_args(argv)
    site = dict(listen=args.listen, upstream=args.upstream or ["127.0.0.1:8000"], media_root=args.media_root,
                signing_key=args.signing_key, max_body_mb=args.max_body_mb, static_root=args.static_root,
                conf_dir=args.conf_dir)
    if args.standalone:
        print(standalone(Path(args.standalone), **site))
    else:
        sys.stdout.write(render(**site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
