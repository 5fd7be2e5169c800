// The study player: heartbeats to the server, which alone decides what counts (docs/API.md "Study time").
// Sends a beat about every 15 s and on play, pause, seek, end, rate and visibility changes, and when
// the page is left; shows the credited time live and says plainly why a stretch did not count.
(function () {
  "use strict";
  var root = document.getElementById("player");
  if (!root) { return; }
  var cfg = JSON.parse(root.getAttribute("data-config"));
  var msg = JSON.parse(root.getAttribute("data-messages"));
  var video = document.getElementById("lesson-video");
  var sessionId = randomId();
  var inFlight = false, queued = false, stopped = false, timer = null;
  var status = document.getElementById("study-status");
  var credited = document.getElementById("credited");
  var remaining = document.getElementById("remaining");
  var bar = document.getElementById("credited-bar");

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The media source (issue 12): the HLS renditions when they are ready, through the vendored hls.js (MSE) or
  // natively (Safari, iOS), else the original file; a fatal HLS error falls back to the original file.
  function attachSource(el) {
    var original = el.getAttribute("data-original"), hls = el.getAttribute("data-hls");
    function useOriginal() { if (el.getAttribute("src") !== original) { el.src = original; } }
    if (hls && window.Hls && window.Hls.isSupported()) {
      var player = new window.Hls({enableWorker: false, capLevelToPlayerSize: true});
      player.on(window.Hls.Events.ERROR, function (event, data) {
        if (data.fatal) { player.destroy(); useOriginal(); }
      });
      player.loadSource(hls);
      player.attachMedia(el);
    } else if (hls && el.canPlayType("application/vnd.apple.mpegurl")) {
      el.addEventListener("error", useOriginal, {once: true});
      el.src = hls;
    } else {
      useOriginal();
    }
  }
  if (video) { attachSource(video); }

  function minutes(seconds) { return Math.floor(seconds / 60) + ":" + ("0" + Math.floor(seconds % 60)).slice(-2); }

  function say(text, kind) {
    status.textContent = text;
    status.className = "alert py-2 mb-2 alert-" + (kind || "secondary");
  }

  function state() {
    var playing = video ? !video.paused && !video.ended && video.readyState > 2 : true;
    return {
      enrollment_id: cfg.enrollment_id, lesson_id: cfg.lesson_id, session_id: sessionId,
      position: video ? video.currentTime : 0, playing: playing,
      visible: document.visibilityState === "visible", playback_rate: video ? video.playbackRate : 1
    };
  }

  function show(answer) {
    credited.textContent = minutes(answer.credited_seconds);
    var left = Math.max(0, answer.required_seconds - answer.credited_seconds);
    remaining.textContent = left > 0 ? msg.remaining.replace("%s", Math.ceil(left / 60)) : msg.full_marks;
    bar.style.width = Math.min(100, 100 * answer.credited_seconds / answer.required_seconds) + "%";
    var why = msg.reasons[answer.reason];
    if (answer.accepted_seconds > 0) {
      say(msg.counting.replace("%s", Math.round(answer.accepted_seconds)), "success");
    } else if (why) {
      say(why, answer.reason === "first_beat" ? "secondary" : "warning");
    }
    if (answer.challenge) { askPresence(answer.challenge); }
  }

  function beat(leaving) {
    if (stopped) { return; }
    if (inFlight && !leaving) { queued = true; return; }
    inFlight = true;
    fetch(cfg.heartbeat_url, {
      method: "POST", credentials: "same-origin", keepalive: !!leaving,
      headers: {"Content-Type": "application/json", "X-CSRFToken": cfg.csrf_token},
      body: JSON.stringify(state())
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (res) {
      if (res.status === 200) { show(res.body); return; }
      var code = res.body.error && res.body.error.code;
      if (code === "session_superseded") {
        stopped = true;
        if (video) { video.pause(); }
        say(msg.superseded, "danger");
      } else {
        say(res.body.error ? res.body.error.message : msg.offline, "danger");
      }
    }).catch(function () {
      say(msg.offline, "warning");  // the next beat still covers this stretch if it comes in time
    }).then(function () {
      inFlight = false;
      if (queued) { queued = false; beat(false); }
    });
  }

  function askPresence(challenge) {
    var box = document.getElementById("presence");
    if (!box.hidden && box.getAttribute("data-id") === String(challenge.id)) { return; }
    box.hidden = false;
    box.setAttribute("data-id", challenge.id);
    document.getElementById("presence-image").src = challenge.image_url + "?t=" + Date.now();
    document.getElementById("presence-answer").value = "";
    document.getElementById("presence-answer").focus();
    say(msg.reasons.presence_check, "warning");
  }

  document.getElementById("presence-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = document.getElementById("presence");
    var id = box.getAttribute("data-id");
    fetch(cfg.challenge_url.replace("0", id), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": cfg.csrf_token},
      body: JSON.stringify({answer: document.getElementById("presence-answer").value})
    }).then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
      .then(function (res) {
        if (res.status === 200) { box.hidden = true; say(msg.presence_ok, "success"); beat(false); return; }
        document.getElementById("presence-error").textContent = res.body.error.message;
        if (res.body.error.code !== "wrong_answer") { box.hidden = true; beat(false); }
      });
  });

  if (video) {
    video.addEventListener("loadedmetadata", function () {
      if (cfg.resume_position > 1 && cfg.resume_position < video.duration - 2) {
        video.currentTime = cfg.resume_position;
      }
    });
    ["play", "pause", "seeked", "ended"].forEach(function (name) {
      video.addEventListener(name, function () { beat(false); });
    });
    video.addEventListener("ratechange", function () {
      if (video.playbackRate > cfg.max_playback_rate) {
        video.playbackRate = 1;
        say(msg.reasons.too_fast, "warning");
      }
      beat(false);
    });
  }
  document.addEventListener("visibilitychange", function () { beat(document.visibilityState === "hidden"); });
  window.addEventListener("pagehide", function () { beat(true); });
  timer = window.setInterval(function () { beat(false); }, cfg.interval_ms);
  beat(false);
}());
