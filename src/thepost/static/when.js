// Recent times as readers say them: "2 hours ago". The page carries the absolute time
// (cached pages stay right whenever they are read); this turns the times of stories
// published in the last day relative, in the page's language, and keeps the absolute
// time as the element's title. Without the script, the absolute time stays.
(function () {
  "use strict";
  if (!window.Intl || !Intl.RelativeTimeFormat) return;
  var lang = document.documentElement.lang || "en";
  var say = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  var DAY = 86400000;
  var items = document.querySelectorAll(".card-meta time[datetime], .story-meta time[datetime]");
  var now = Date.now();
  Array.prototype.forEach.call(items, function (el) {
    var when = Date.parse(el.getAttribute("datetime"));
    var ago = now - when;
    if (isNaN(when) || ago < 0 || ago >= DAY) return;
    var minutes = Math.round(ago / 60000);
    var text = minutes < 60 ? say.format(-minutes, "minute") : say.format(-Math.round(minutes / 60), "hour");
    if (!el.title) el.title = el.textContent.trim();
    el.textContent = text;
  });
})();
