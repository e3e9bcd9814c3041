// The article editor's extras; the form works without them.
// - Live preview: the public page for what is typed, re-rendered by the server a moment
//   after typing stops.
// - Autosave: every 30 seconds while something changed (a stored article only); the
//   server keeps one autosave revision per person, so the history does not fill up.
// - Picture buttons insert an image line at the cursor in the body (a figure, in the
//   visual editor: static/build/visual-editor.js, built from frontend/).
// - Leaving the page with changes neither saved nor autosaved asks first.
// - The headline's length, and the story as a search result may show it, as they are typed.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form || !window.fetch || !window.FormData) return;
  var token = form.querySelector("input[name=csrf_token]").value;
  var body = form.querySelector("textarea[name=body]");
  var section = form.querySelector(".live-preview");
  var frame = section.querySelector("iframe");
  var previewState = section.querySelector(".preview-state");
  var autosaveState = form.querySelector(".autosave-state");
  var dirty = false;
  var unsaved = false; // changed since the page loaded, the form was sent or an autosave
  var timer = null;
  var sent = 0;
  var autosavedAt = null;

  function post(url) {
    var data = new FormData(form);
    data.delete("intent");
    return fetch(url, {
      method: "POST",
      body: new URLSearchParams(data),
      headers: { "X-CSRF-Token": token },
      credentials: "same-origin"
    });
  }

  // The frame is sandboxed without scripts: drop them rather than have each one refused.
  function withoutScripts(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("script").forEach(function (s) { s.remove(); });
    return "<!DOCTYPE html>" + doc.documentElement.outerHTML;
  }

  function refresh() {
    var mine = ++sent;
    previewState.textContent = "updating…";
    post(form.dataset.previewUrl)
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== sent) return; // a newer one is on its way
        var y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
        frame.srcdoc = withoutScripts(html);
        frame.onload = function () { frame.contentWindow.scrollTo(0, y); };
        previewState.textContent = "";
      })
      .catch(function () { previewState.textContent = "(could not update)"; });
  }

  function changed() {
    dirty = true;
    unsaved = true;
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  }

  section.hidden = false;
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { unsaved = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = ""; // the browser asks whether to leave
  });
  refresh();

  function ago(then) {
    var seconds = Math.round((Date.now() - then) / 1000);
    if (seconds < 60) return seconds < 10 ? "just now" : Math.floor(seconds / 10) * 10 + " s ago";
    var minutes = Math.round(seconds / 60);
    return minutes + " min ago";
  }
  setInterval(function () {
    if (autosavedAt) autosaveState.textContent = "Autosaved " + ago(autosavedAt) + ".";
  }, 10000);

  if (form.dataset.autosaveUrl) {
    setInterval(function () {
      if (!dirty) return;
      dirty = false;
      post(form.dataset.autosaveUrl)
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (answer.saved) {
            autosavedAt = Date.now();
            if (!dirty) unsaved = false; // nothing typed since it was sent
          }
          autosaveState.textContent = answer.saved
            ? "Autosaved just now (" + answer.at + ")."
            : "Not autosaved: " + Object.values(answer.errors || {}).join(" ");
          if (!answer.saved) dirty = true;
        })
        .catch(function () { dirty = true; autosaveState.textContent = "Autosave failed; it will try again."; });
    }, 30000);
  }

  var serp = form.querySelector(".serp");
  var headline = form.elements.title;
  var length = document.createElement("p");
  length.className = "help headline-length";
  length.setAttribute("aria-live", "polite");
  if (headline) headline.parentNode.appendChild(length);

  function field(name) {
    var element = form.elements[name];
    return element && element.value ? element.value.replace(/\s+/g, " ").trim() : "";
  }
  function cut(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1).replace(/\s+\S*$/, "") + " …" : text;
  }
  function slugify(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  }
  function words(markdown) { // the body's first words, as a description falls back to them
    return markdown
      .replace(/!\[[^\]]*\]\([^)]*\)/g, " ") // pictures
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their words
      .replace(/^\s*(#+|>|[-*+]|\d+\.)\s+/gm, "") // the marks that start a block
      .replace(/[*_`~|]+/g, "") // and those around words
      .replace(/\s+/g, " ").trim();
  }
  function searchPreview() {
    var title = field("title");
    length.textContent = title.length > 60
      ? title.length + " characters: search results show about the first 60."
      : title.length + " characters.";
    if (!serp) return;
    serp.hidden = false;
    serp.querySelector(".serp-url").textContent =
      location.host + " › " + (field("slug") || slugify(title) || "…");
    serp.querySelector(".serp-title").textContent = cut(field("seo_title") || title || "(no headline)", 60);
    serp.querySelector(".serp-description").textContent =
      cut(field("seo_description") || field("standfirst") || words(body.value), 160);
  }
  form.addEventListener("input", searchPreview);
  searchPreview();

  Array.prototype.forEach.call(document.querySelectorAll(".insert-image"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (body.visualEditor && body.visualEditor.active()) {
        body.visualEditor.insertMarkdown(button.dataset.snippet);
        return;
      }
      var line = "\n\n" + button.dataset.snippet + "\n\n";
      var start = body.selectionStart, end = body.selectionEnd;
      body.value = body.value.slice(0, start) + line + body.value.slice(end);
      body.selectionStart = body.selectionEnd = start + line.length;
      body.focus();
      changed();
    });
  });
})();
