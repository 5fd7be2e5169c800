// A micro-lesson's player (templates/square/lesson.html): reports the position and the seconds played since the
// previous report every 15 s while playing, and on pause and end. The server's clock alone decides what counts
// (lms/square/rules.py: progress_after).
(function () {
  "use strict";
  var video = document.querySelector("video[data-progress-url]");
  if (!video) { return; }
  var url = video.getAttribute("data-progress-url"), csrf = video.getAttribute("data-csrf");
  var played = 0, since = null;

  function tally() {
    if (since !== null) { played += (Date.now() - since) / 1000; since = video.paused ? null : Date.now(); }
  }

  function report() {
    tally();
    var body = {position: Math.floor(video.currentTime || 0), played: Math.round(played)};
    played = 0;
    fetch(url, {method: "POST", credentials: "same-origin", keepalive: true,
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body)});
  }

  video.addEventListener("play", function () { since = Date.now(); report(); });
  video.addEventListener("pause", report);
  video.addEventListener("ended", report);
  setInterval(function () { if (!video.paused) { report(); } }, 15000);
})();
