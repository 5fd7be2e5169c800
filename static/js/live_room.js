// The live room page (docs/LIVE.md): asks the server for the engine's join URL, shows the meeting (an iframe
// for Jitsi, a button for BigBlueButton, which opens in its own tab), and sends the product's own presence
// beats every 10-20 s and on visibility changes. The server's clock alone decides what counts.
(function () {
  "use strict";
  var root = document.getElementById("live-room");
  if (!root) { return; }
  var cfg = JSON.parse(root.getAttribute("data-config"));
  var msg = JSON.parse(root.getAttribute("data-messages"));
  var status = document.getElementById("room-status");
  var csrf = cfg.csrf_token;
  var stopped = false, inRoom = false, timer = null, meeting = null;

  // BigBlueButton opens in its own window: while that window is open, the participant is in the room even
  // though this page is then hidden behind it.
  function meetingOpen() { return !!(meeting && !meeting.closed); }
  function visible() { return document.visibilityState === "visible" || meetingOpen(); }
  function present() { return inRoom || meetingOpen(); }

  function say(text, kind) {
    status.textContent = text;
    status.className = "alert small alert-" + (kind || "info");
  }

  function post(url, body, keepalive) {
    return fetch(url, {method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body || {})})
      .then(function (r) { return r.json().then(function (b) { return {status: r.status, body: b}; }); });
  }

  function beat(leaving) {
    if (stopped) { return; }
    post(cfg.heartbeat_url, {page_key: cfg.page_key, visible: visible(), in_room: present()}, leaving)
      .then(function (res) {
      if (res.status === 200) {
        if (!visible()) { say(msg.hidden, "warning"); }
        else if (!present()) { say(msg.paused, "warning"); }
        else { say(msg.counted.replace("{m}", res.body.counted_minutes), "success"); }
        return;
      }
      var code = res.body.error && res.body.error.code;
      if (code === "session_superseded") { stopped = true; say(msg.superseded, "danger"); return; }
      say(res.body.error ? res.body.error.message : msg.offline, "danger");
    }).catch(function () { say(msg.offline, "warning"); });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { beat(false); schedule(); }, 10000 + Math.random() * 10000);
  }

  post(cfg.join_url, {}).then(function (res) {
    if (res.status !== 200) { say(res.body.error ? res.body.error.message : msg.offline, "danger"); return; }
    if (!res.body.url) { inRoom = true; beat(false); return; }  // no engine: the page itself is the room
    if (res.body.embeddable) {
      var box = document.getElementById("room-frame-box");
      var frame = document.createElement("iframe");
      frame.src = res.body.url;
      frame.allow = "camera; microphone; display-capture; fullscreen";
      box.appendChild(frame);
      box.classList.remove("d-none");
      inRoom = true;
    } else {
      var link = document.getElementById("room-open");
      link.href = res.body.url;
      link.classList.remove("d-none");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        meeting = window.open(res.body.url, "_blank");
        beat(false);
      });
    }
    beat(false);
  }).catch(function () { say(msg.offline, "warning"); });

  document.addEventListener("visibilitychange", function () { beat(document.visibilityState === "hidden"); });
  window.addEventListener("pagehide", function () { beat(true); });
  beat(false);
  schedule();
})();
