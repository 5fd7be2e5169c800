// Written assignments: count characters and save the draft as the learner types.
// Configuration comes from data-* attributes on the form (CSP: no inline scripts).
(function () {
  "use strict";
  var form = document.getElementById("essay-form");
  if (!form) { return; }
  var area = form.querySelector("textarea");
  var count = document.getElementById("essay-count");
  var status = document.getElementById("essay-status");
  var minChars = parseInt(form.getAttribute("data-min-chars") || "0", 10);
  var DELAY_MS = 2000;  // after the last keystroke
  var timer = null, lastSaved = area.value, saving = false;

  // Characters written (docs/ORIGINALITY.md), the server's rule (lms.originality.normalize.written_length):
  // a character counts once if it is not default-ignorable and its compatibility decomposition holds a
  // letter or number that is not; punctuation, spaces, symbols, emoji and invisible padding do not count.
  var LETTER = /[\p{L}\p{N}]/u, INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
  var INVISIBLE_ALL = /\p{Default_Ignorable_Code_Point}/gu, counted = new Map();
  function counts(ch) {
    if (!counted.has(ch)) {
      counted.set(ch, !INVISIBLE.test(ch) && LETTER.test(ch.normalize("NFKD").replace(INVISIBLE_ALL, "")));
    }
    return counted.get(ch);
  }
  function written(text) {
    var n = 0;
    for (var ch of text) { if (counts(ch)) { n += 1; } }  // by code point: 𠀀 is one character
    return n;
  }

  function showCount() {
    var n = written(area.value);
    count.textContent = form.getAttribute("data-msg-count").replace("{n}", n) + (minChars ? " / " + minChars : "");
    count.className = minChars && n < minChars ? "text-danger" : "";
  }

  function save() {
    timer = null;
    var text = area.value;
    if (text === lastSaved || saving) { return; }
    saving = true;
    fetch(form.getAttribute("data-draft-url"), {
      method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": form.getAttribute("data-csrf")},
      body: JSON.stringify({enrollment_id: parseInt(form.getAttribute("data-enrollment-id"), 10), text: text})
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function () {
      lastSaved = text;
      var time = new Date().toTimeString().slice(0, 5);
      status.textContent = form.getAttribute("data-msg-saved").replace("{time}", time);
    }).catch(function () {
      status.textContent = form.getAttribute("data-msg-failed");
      schedule();
    }).finally(function () { saving = false; });
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, DELAY_MS);
  }

  area.addEventListener("input", function () { showCount(); schedule(); });
  // Leaving the page or switching tabs saves at once, so little is lost on a closed laptop.
  document.addEventListener("visibilitychange", function () { if (document.hidden) { save(); } });
  form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); } });
  showCount();
})();
