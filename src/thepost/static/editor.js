// The article editor's extras; the form works without them.
// - Live preview: the public page for what is typed, re-rendered by the server a moment
//   after typing stops.
// - Autosave: a new story from its first words (it becomes a draft), then every 30
//   seconds while something changed, tried again when it fails; the server keeps one
//   autosave revision per person, so the history does not fill up. Nothing is kept over
//   someone else's newer save (the server refuses it; this page says who and when).
// - The editing lock: confirmed every few seconds; when someone else has the story open
//   the page says who and waits for "Take over"; when someone takes it from this page,
//   it says so and saves nothing more. Closing the page lets the lock go.
// - Ctrl/Cmd+S saves.
// - Picture buttons insert an image line at the cursor in the body (a figure, in the
//   visual editor: static/build/visual-editor.js, built from frontend/).
// - Leaving the page with changes neither saved nor autosaved asks first.
// - The headline's length, and the story as a search result and as a shared link (its
//   social card) may show it, as they are typed.
// Its words are the page's, in the newsroom's language (static/words.js reads them).
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form || !window.fetch || !window.FormData || !window.ThePost) return;
  var say = window.ThePost.say;
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
    if (body.visualEditor) body.visualEditor.sync(); // what is typed, to the last key
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
    previewState.textContent = say("updating");
    post(form.dataset.previewUrl)
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== sent) return; // a newer one is on its way
        var y = frame.contentWindow ? frame.contentWindow.scrollY : 0;
        frame.srcdoc = withoutScripts(html);
        frame.onload = function () { frame.contentWindow.scrollTo(0, y); };
        previewState.textContent = "";
      })
      .catch(function () { previewState.textContent = say("couldNotUpdate"); });
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
  var held = null; // a button pressed while a new story's first autosave was on its way
  form.addEventListener("submit", function (event) {
    if (saving && form.dataset.autosaveNewUrl) {
      // Sent now it would make a second story: sent once the draft exists, to it.
      event.preventDefault();
      held = event.submitter || null;
      return;
    }
    unsaved = false;
    stopped = true; // the page is going: no autosave or beat after the form
  });
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = ""; // the browser asks whether to leave
  });
  refresh();

  // "10 seconds ago", "hace 2 minutos": the browser's own words for the page's language.
  var relative = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" })
    : null;
  function ago(then) {
    var seconds = Math.round((Date.now() - then) / 1000);
    if (seconds < 10 || !relative) return say("justNow");
    if (seconds < 60) return relative.format(-Math.floor(seconds / 10) * 10, "second");
    return relative.format(-Math.round(seconds / 60), "minute");
  }
  setInterval(function () {
    if (autosavedAt && !stopped) autosaveState.textContent = say("autosavedAgo", { ago: ago(autosavedAt) });
  }, 10000);

  // Autosave: a new story from its first words (it becomes a draft, and the page goes on
  // as that draft's editor), then every 30 s while something changed. A failed one
  // (the network dropped) is tried again, at once when the browser is back online.
  var stopped = false; // someone else saved, or took the story over: nothing more is sent
  var saving = false;
  var submitButtons = form.querySelectorAll("button[name=intent]");

  function stop(message) {
    stopped = true;
    autosaveState.textContent = message;
    autosaveState.setAttribute("role", "alert");
  }

  function becomeStored(answer) {
    // The draft exists now: this page edits it (its address, autosave and lock).
    form.action = answer.edit_url;
    form.dataset.autosaveUrl = answer.autosave_url;
    form.dataset.lockUrl = answer.lock_url;
    delete form.dataset.autosaveNewUrl;
    [["article_id", answer.article_id], ["since", answer.since]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    if (window.history && history.replaceState) history.replaceState(null, "", answer.edit_url);
    beat();
  }

  function autosave() {
    var url = form.dataset.autosaveUrl || form.dataset.autosaveNewUrl;
    if (!url || !dirty || saving || stopped) return;
    dirty = false;
    saving = true;
    post(url)
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        saving = false;
        setTimeout(sendHeld, 0);
        if (answer.saved) {
          autosavedAt = Date.now();
          if (!dirty) unsaved = false; // nothing typed since it was sent
          if (answer.edit_url) becomeStored(answer);
          autosaveState.textContent = say("autosavedAt", { at: answer.at });
        } else if (answer.stale) {
          stop(say("notAutosaved", { why: answer.errors.stale }));
        } else {
          dirty = true;
          autosaveState.textContent = say("notAutosaved", { why: Object.values(answer.errors || {}).join(" ") });
        }
      })
      .catch(function () {
        saving = false;
        dirty = true;
        sendHeld();
        autosaveState.textContent = say(navigator.onLine === false ? "offline" : "autosaveFailed");
      });
  }
  function sendHeld() {
    if (!held) return;
    var button = held;
    held = null;
    form.requestSubmit(button);
  }
  setInterval(autosave, 30000);
  form.addEventListener("input", function () {
    if (form.dataset.autosaveNewUrl) setTimeout(autosave, 2000); // a new story: at once
  });
  window.addEventListener("online", autosave);

  // The editing lock: confirmed every few seconds while this page has the story; if
  // someone takes it over, this page says so and sends nothing more.
  var beatTimer = null;
  function beat() {
    if (!form.dataset.lockUrl || form.dataset.heldBy || stopped) return;
    var data = new FormData();
    data.append("csrf_token", token);
    fetch(form.dataset.lockUrl, {
      method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Accept": "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (answer) {
        if (answer.mine) return;
        stop(say("tookOver", { name: answer.by, at: answer.at }));
        Array.prototype.forEach.call(submitButtons, function (b) { b.disabled = true; });
      })
      .catch(function () { /* the next beat tries again */ });
    clearTimeout(beatTimer);
    beatTimer = setTimeout(beat, (Number(form.dataset.lockBeat) || 20) * 1000);
  }
  if (form.dataset.heldBy) {
    // Someone else has it open: read, or take over (the button above the form).
    stopped = true;
    Array.prototype.forEach.call(submitButtons, function (b) { b.disabled = true; });
    if (body.visualEditor) body.visualEditor.setEditable(false);
    else body.readOnly = true;
  } else {
    beatTimer = setTimeout(beat, (Number(form.dataset.lockBeat) || 20) * 1000);
  }
  window.addEventListener("focus", function () { // back at this tab: is it still ours?
    if (!form.dataset.heldBy) beat();
  });
  window.addEventListener("pagehide", function () {
    if (!form.dataset.lockUrl || form.dataset.heldBy || stopped || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("csrf_token", token);
    data.append("release", "1");
    navigator.sendBeacon(form.dataset.lockUrl, data);
  });

  // Ctrl/Cmd+S saves (the first button: save the draft, or update the live story).
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "s") return;
    event.preventDefault();
    var save = form.querySelector("button[name=intent][value=save]");
    if (save && !save.disabled) form.requestSubmit(save);
  });

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
      .replace(/^\s*>\s*\[!pullquote\].*$/gm, " ") // a pull quote's mark
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their words
      .replace(/^\s*(#+|>|[-*+]|\d+\.)\s+/gm, "") // the marks that start a block
      .replace(/[*_`~|]+/g, "") // and those around words
      .replace(/\s+/g, " ").trim();
  }
  function searchPreview() {
    var title = field("title");
    length.textContent = say(title.length > 60 ? "lengthLong" : "length", { count: title.length });
    if (!serp) return;
    serp.hidden = false;
    serp.querySelector(".serp-url").textContent =
      location.host + " › " + (field("slug") || slugify(title) || "…");
    serp.querySelector(".serp-title").textContent = cut(field("seo_title") || title || say("noHeadline"), 60);
    serp.querySelector(".serp-description").textContent =
      cut(field("seo_description") || field("standfirst") || words(body.value.slice(0, 2000)), 160);
  }
  // After typing pauses: a long story is not read again at every key.
  var previews = null;
  form.addEventListener("input", function () {
    clearTimeout(previews);
    previews = setTimeout(function () { searchPreview(); socialPreview(); }, 200);
  });
  searchPreview();

  // The story as a shared link may show it (its social card: the featured picture, the
  // site, the title and description, as the page's Open Graph tags give them).
  var card = form.querySelector(".social-card");
  function socialPreview() {
    if (!card) return;
    card.hidden = false;
    var chosen = form.querySelector("input[name=featured_image_id]:checked");
    var thumb = chosen && chosen.value ? chosen.closest("label").querySelector("img") : null;
    var image = card.querySelector(".social-card-image");
    if (!image && thumb) {
      image = document.createElement("img");
      image.className = "social-card-image";
      image.alt = "";
      card.querySelector(".social-card-box").prepend(image);
    }
    if (image) image.hidden = !thumb;
    if (thumb) image.src = thumb.currentSrc || thumb.src;
    card.querySelector(".social-card-site").textContent = location.host.toUpperCase();
    card.querySelector(".social-card-title").textContent = cut(field("seo_title") || field("title") || say("noHeadline"), 90);
    card.querySelector(".social-card-description").textContent =
      cut(field("seo_description") || field("standfirst") || words(body.value.slice(0, 2000)), 200);
  }
  form.addEventListener("change", socialPreview);
  socialPreview();

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
