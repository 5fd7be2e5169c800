"""End to end: once a video's renditions are ready, the player plays HLS through the vendored hls.js in
Chromium (a MediaSource blob, not the original file), and heartbeats go on as before."""
from __future__ import annotations

import shutil

import pytest

from lms.core import jobs
from tests.e2e import test_player
from tests.factories import PASSWORD

running_class = test_player.running_class  # the same class, learner and uploaded lesson

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")]


def test_the_player_plays_the_hls_renditions(app, live_server, browser, running_class, monkeypatch):
    monkeypatch.setitem(app.config, "TRANSCODE_PRESET", "ultrafast")
    assert jobs.run_recorded(app) >= 1
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server + "/login")
    page.fill("#username", "e2e_learner")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/study/{running_class['enrollment']}/lessons/{running_class['lesson']}")
    page.wait_for_function("() => document.getElementById('lesson-video').readyState >= 2", timeout=30000)
    assert page.evaluate("document.getElementById('lesson-video').currentSrc").startswith("blob:")
    page.evaluate("document.getElementById('lesson-video').play()")
    page.wait_for_function("() => document.getElementById('lesson-video').currentTime > 6", timeout=30000)
    page.evaluate("document.getElementById('lesson-video').pause()")
    page.wait_for_timeout(1500)
    assert test_player.credited(running_class) > 0
