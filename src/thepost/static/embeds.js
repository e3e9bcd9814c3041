// Embeds in a story (content/embeds.py): each is a link to the provider until the reader
// asks for it; only then does the provider's player load, in a frame the site's
// Content-Security-Policy allows for that provider alone. Without JavaScript the link
// stays, to open the video, post or map on its own site.
(function () {
  "use strict";
  var figures = document.querySelectorAll("figure.embed[data-player]");
  Array.prototype.forEach.call(figures, function (figure) {
    var link = figure.querySelector("a");
    var player = figure.getAttribute("data-player");
    if (!link || player.indexOf("https://") !== 0) return;
    var provider = figure.querySelector(".embed-provider").textContent;
    var kind = (/\bembed-(video|post|audio|map|chart|document)\b/.exec(figure.className) || [])[1] || "content";
    var box = document.createElement("div");
    box.className = "embed-box";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed-load";
    var named = { provider: provider };
    button.textContent = ThePost.say("embedShow." + kind, named);
    var note = document.createElement("span");
    note.className = "embed-note";
    note.textContent = ThePost.say("embedNote", named);
    figure.insertBefore(box, link);
    box.appendChild(button);
    box.appendChild(note);
    box.appendChild(link);
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = player;
      frame.title = provider + ": " + link.textContent;
      frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture; clipboard-write";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.className = "embed-player";
      figure.replaceChild(frame, box);
      link.className = "embed-open";
      link.textContent = ThePost.say("embedOpen", named);
      figure.insertBefore(link, frame.nextSibling);
      frame.focus();
    });
  });
})();
