// The study player: heartbeats to the server, which alone decides what counts (docs/API.md "Study time").
// Sends a beat every 10-20 s (drawn at random: a fixed schedule is what scripts show) and on play,
// pause, seek, end, rate and visibility changes, and when the page is left; shows the credited time live
// and says plainly why a stretch did not count. A reading's beats say whether the reader scrolled or turned
// a page since the previous one. Before a seek it reports the place left, so what was watched is kept.
(function () {
  "use strict";
  var root = document.getElementById("player");
  if (!root) { return; }
  var cfg = JSON.parse(root.getAttribute("data-config"));
  var msg = JSON.parse(root.getAttribute("data-messages"));
  var video = document.getElementById("lesson-video");
  var sessionId = randomId();
  var inFlight = false, queued = [], stopped = false, timer = null;
  var interacted = false, lastTime = 0, seeking = false;
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

  function isPlaying() { return video ? !video.paused && !video.ended : true; }

  function state(position) {
    var body = {
      enrollment_id: cfg.enrollment_id, lesson_id: cfg.lesson_id, session_id: sessionId,
      position: position !== undefined ? position : (video ? video.currentTime : 0), playing: isPlaying(),
      visible: document.visibilityState === "visible", playback_rate: video ? video.playbackRate : 1,
      interacted: interacted
    };
    interacted = false;
    return body;
  }

  function show(answer) {
    credited.textContent = minutes(answer.credited_seconds);
    var left = Math.max(0, answer.required_seconds - answer.credited_seconds);
    remaining.textContent = left > 0 ? msg.remaining.replace("%s", Math.ceil(left / 60)) : msg.full_marks;
    bar.style.width = Math.min(100, 100 * answer.credited_seconds / answer.required_seconds) + "%";
    var why = msg.reasons[answer.reason];
    if (answer.lesson_completed) {
      say(answer.accepted_seconds > 0 ? msg.counting.replace("%s", Math.round(answer.accepted_seconds)) + " " +
          msg.finished : msg.finished, "success");
    } else if (video && video.ended) {
      say(msg.ended_with_gaps, "warning");
    } else if (answer.accepted_seconds > 0) {
      say(msg.counting.replace("%s", Math.round(answer.accepted_seconds)), "success");
    } else if (video && isPlaying() && (answer.reason === "paused" || answer.reason === "first_beat")) {
      say(msg.playing, "success");  // the stretch before was paused; the video plays now and counts
    } else if (!video && answer.reason === "first_beat") {
      say(msg.reading, "secondary");
    } else if (why) {
      say(why, answer.reason === "first_beat" ? "secondary" : "warning");
    }
    if (answer.challenge) { askPresence(answer.challenge); }
  }

  // ``position``: a beat that reports an earlier place (the place a seek left), kept in the queue as it was.
  function beat(leaving, position) {
    if (stopped) { return; }
    if (inFlight && !leaving) {
      var snapshot = position !== undefined ? state(position) : null;
      if (snapshot || queued.length === 0 || queued[queued.length - 1]) { queued.push(snapshot); }
      return;
    }
    send(leaving, position !== undefined ? state(position) : state());
  }

  function send(leaving, body) {
    inFlight = true;
    fetch(cfg.heartbeat_url, {
      method: "POST", credentials: "same-origin", keepalive: !!leaving,
      headers: {"Content-Type": "application/json", "X-CSRFToken": cfg.csrf_token},
      body: JSON.stringify(body)
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
      if (queued.length) { var next = queued.shift(); send(false, next || state()); }
    });
  }

  function schedule() {  // the next regular beat, 10-20 s from now
    var spread = cfg.interval_spread_ms || 0;
    timer = window.setTimeout(function () { beat(false); schedule(); },
                              cfg.interval_ms - spread + Math.random() * 2 * spread);
  }

  function askPresence(challenge) {
    var box = document.getElementById("presence");
    if (!box.hidden && box.getAttribute("data-id") === String(challenge.id)) { return; }
    box.hidden = false;
    box.setAttribute("data-id", challenge.id);
    document.getElementById("presence-image").src = challenge.image_url + "?t=" + Date.now();
    var audio = document.getElementById("presence-audio");
    if (audio) {  // the spoken alternative, where the site has its own recordings
      audio.removeAttribute("src");
      audio.hidden = true;
      audio.setAttribute("data-src", cfg.audio_url.replace("/0/", "/" + challenge.id + "/"));
    }
    document.getElementById("presence-answer").value = "";
    document.getElementById("presence-error").textContent = "";
    document.getElementById("presence-answer").focus();
    say(msg.reasons.presence_check, "warning");
  }

  var listen = document.getElementById("presence-listen");
  if (listen) listen.addEventListener("click", function () {
    var audio = document.getElementById("presence-audio");  // fetched only when asked for
    audio.src = audio.getAttribute("data-src") + "?t=" + Date.now();
    audio.hidden = false;
    audio.play();
  });

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
        var code = res.body.error.code;
        if (code !== "wrong_answer") { box.hidden = true; beat(false); }
      });
  });

  if (video) {
    video.addEventListener("loadedmetadata", function () {
      if (cfg.resume_position > 1 && cfg.resume_position < video.duration - 2) {
        video.currentTime = cfg.resume_position;
      }
    });
    video.addEventListener("timeupdate", function () { if (!seeking) { lastTime = video.currentTime; } });
    video.addEventListener("seeking", function () {
      if (!seeking) { seeking = true; beat(false, lastTime); }  // what was watched up to the seek counts
    });
    video.addEventListener("seeked", function () { seeking = false; lastTime = video.currentTime; beat(false); });
    ["play", "playing", "pause", "ended"].forEach(function (name) {
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
  if (!video) {  // a reading: only a reader's own moves count
    ["scroll", "wheel", "touchmove", "keydown"].forEach(function (name) {
      window.addEventListener(name, function () { interacted = true; }, {passive: true});
    });
  }
  document.addEventListener("visibilitychange", function () { beat(document.visibilityState === "hidden"); });
  window.addEventListener("pagehide", function () { beat(true); });
  schedule();
  beat(false);
}());
