// A live blog's page keeps itself current: it polls the blog's update URL, which every
// reader shares for the same 10-second moment (so the page cache answers it), shows new
// entries behind an "N new updates" button (nothing moves while someone reads), and
// applies edits and deletions in place. Without this script the page shows everything
// and its "Refresh for the latest" link reloads it.
(function () {
  "use strict";
  var blog = document.querySelector("section.live[data-live]");
  if (!blog) return;
  var main = blog.querySelector(".live-entries-main");
  var newsBar = blog.querySelector(".live-news");
  var newsButton = blog.querySelector(".live-news-button");
  var newestFirst = blog.getAttribute("data-order") !== "oldest";
  var latest = Date.parse(blog.getAttribute("data-latest")) || 0;
  var waiting = {}; // entry id -> its HTML, posted since the page was shown
  var reload = false; // too much changed to apply: the button reloads the page
  var etag = null;
  var skew = 0; // the server's clock minus this one, in ms
  var timer = null;
  var EVERY = 10000;

  function entryOf(id) {
    return blog.querySelector('li.live-entry[data-entry="' + id + '"]');
  }

  function fromHtml(html) {
    var box = document.createElement("template");
    box.innerHTML = html.trim();
    return box.content.firstElementChild;
  }

  // Where an entry goes among the others: by its time of posting, then its number (the
  // order of the server's page; an unpinned one taken off the top returns to its place).
  function key(li) {
    return [li.getAttribute("data-posted"), Number(li.getAttribute("data-entry"))];
  }

  function before(a, b) {
    var x = key(a), y = key(b);
    var later = x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]);
    return newestFirst ? later : !later;
  }

  function place(li) {
    var others = main.querySelectorAll(":scope > li.live-entry");
    for (var i = 0; i < others.length; i++) {
      if (before(li, others[i])) {
        main.insertBefore(li, others[i]);
        return;
      }
    }
    main.appendChild(li);
  }

  function pinnedList() {
    var list = blog.querySelector(".live-entries-pinned");
    if (!list) {
      list = document.createElement("ol");
      list.className = "live-entries live-entries-pinned";
      blog.insertBefore(list, main);
    }
    return list;
  }

  function showNews() {
    var count = Object.keys(waiting).length;
    if (reload) {
      newsButton.textContent = ThePost.say("showUpdates");
    } else if (count) {
      newsButton.textContent = ThePost.count("newUpdates", count);
    }
    newsBar.hidden = !(reload || count);
  }

  function apply(data) {
    var changes = data.changes || [];
    var fresh = changes.filter(function (c) { return Date.parse(c.changed_at) > latest; });
    // The list is the latest changes only: a reader further behind reloads.
    if (changes.length && fresh.length === changes.length && changes.length >= 50) reload = true;
    fresh.reverse().forEach(function (change) {
      var shown = entryOf(change.id);
      if (change.status !== "posted") {
        if (shown) shown.remove();
        delete waiting[change.id];
      } else if (shown) {
        var li = fromHtml(change.html);
        if (change.pinned) {
          shown.remove();
          pinnedList().appendChild(li);
        } else if (shown.parentNode !== main) {
          shown.remove();
          place(li);
        } else {
          shown.replaceWith(li);
        }
      } else {
        waiting[change.id] = change;
      }
      latest = Math.max(latest, Date.parse(change.changed_at));
    });
    var pinned = blog.querySelector(".live-entries-pinned");
    if (pinned) {
      Array.prototype.forEach.call(pinned.querySelectorAll(":scope > li"), function (li) {
        if (!li.classList.contains("live-pinned")) { li.remove(); place(li); }
      });
    }
    var count = blog.querySelector(".live-count");
    if (count && typeof data.count === "number") {
      count.textContent = data.count + " update" + (data.count === 1 ? "" : "s");
    }
    var keys = blog.querySelector(".live-keys");
    if (keys && data.key_events) keys.replaceWith(fromHtml(data.key_events));
    showNews();
    if (data.status !== "live") stop();
  }

  newsButton.addEventListener("click", function () {
    if (reload) { window.location.reload(); return; }
    var ids = Object.keys(waiting);
    ids.sort(function (a, b) { return a - b; });
    // Oldest first with later pages not yet read: the new ones come with the last page.
    var unread = !newestFirst && blog.querySelector(".live-more");
    ids.forEach(function (id) {
      var change = waiting[id];
      var li = fromHtml(change.html);
      if (change.pinned) pinnedList().appendChild(li); else if (!unread) place(li);
    });
    waiting = {};
    showNews();
    var first = main.querySelector("li.live-entry");
    if (first && newestFirst) first.scrollIntoView({ block: "nearest" });
  });

  function poll() {
    var moment = Math.floor((Date.now() + skew) / 1000 / 10);
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(blog.getAttribute("data-updates") + "?t=" + moment, { headers: headers })
      .then(function (response) {
        var date = Date.parse(response.headers.get("Date"));
        if (date) skew = date - Date.now();
        if (response.status === 304) return null;
        if (!response.ok) throw new Error(response.status);
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) { if (data) apply(data); })
      .catch(function () { /* the next poll tries again */ })
      .then(schedule);
  }

  function schedule() {
    if (timer === false || document.hidden) return;
    timer = window.setTimeout(poll, EVERY + Math.random() * 2000);
  }

  function stop() {
    window.clearTimeout(timer);
    timer = false;
  }

  document.addEventListener("visibilitychange", function () {
    if (timer === false) return;
    window.clearTimeout(timer);
    timer = null;
    if (!document.hidden) poll();
  });

  // Older entries come into the page a page at a time.
  blog.addEventListener("click", function (event) {
    var link = event.target.closest(".live-more a");
    if (!link) return;
    event.preventDefault();
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll(".live-entries-main > li.live-entry").forEach(function (li) {
        if (!entryOf(li.getAttribute("data-entry"))) main.appendChild(document.adoptNode(li));
      });
      var next = page.querySelector(".live-more");
      if (next) link.parentNode.replaceWith(document.adoptNode(next));
      else link.parentNode.remove();
    }).catch(function () { window.location.href = link.href; });
  });

  if (blog.getAttribute("data-running") === "yes") schedule();
})();
