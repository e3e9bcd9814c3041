// Comments: remembered details, inline reply, and the reader's own pending comments.
// The page is shared by every reader; everything personal happens here, in the browser.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  var form = document.querySelector(".comment-form");
  if (!section || !form) return;

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? match[1] : null;
  }

  // 1. "Save my name, email, and website": fill the form from the cookie it set.
  var saved = cookie("thepost_commenter");
  if (saved) {
    try {
      var details = JSON.parse(decodeURIComponent(saved));
      ["author", "email", "url"].forEach(function (name) {
        var field = form.elements[name];
        if (field && !field.value && typeof details[name] === "string") field.value = details[name];
      });
      if (form.elements.remember) form.elements.remember.checked = true;
    } catch (e) { /* a damaged cookie is ignored */ }
  }

  // 2. Reply in place: move the form under the comment instead of reloading the page.
  var respond = document.getElementById("respond");
  var home = respond.parentNode;
  var anchor = respond.nextSibling;
  var title = document.getElementById("reply-title");
  // The words, in the page's language, from the form's own attributes.
  var words = {
    leave: respond.getAttribute("data-leave") || "Leave a Reply",
    replyTo: respond.getAttribute("data-reply-to") || "Reply to",
    cancel: respond.getAttribute("data-cancel") || "Cancel reply",
  };
  var cancel = document.createElement("a");
  cancel.href = "#respond";
  cancel.className = "cancel-reply";
  cancel.textContent = words.cancel;
  section.addEventListener("click", function (event) {
    var link = event.target.closest(".reply-link");
    if (!link) return;
    event.preventDefault();
    var li = link.closest("li.comment");
    li.appendChild(respond);
    form.elements.parent_id.value = link.getAttribute("data-reply-to");
    // The name keeps its own direction in the sentence (a Latin name in Arabic).
    var name = document.createElement("bdi");
    name.textContent = link.getAttribute("data-reply-name");
    title.replaceChildren(words.replyTo + " ", name, " ", cancel);
    form.elements.comment.focus();
  });
  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    home.insertBefore(respond, anchor);
    form.elements.parent_id.value = "";
    title.textContent = words.leave;
  });

  // 3. The reader's own comments awaiting moderation: only they see them.
  if (cookie("thepost_pending") !== "1") return;
  var article = section.getAttribute("data-article");
  fetch("/comments/mine?article=" + encodeURIComponent(article), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : { comments: [] }; })
    .then(function (data) {
      data.comments.forEach(function (item) {
        if (document.getElementById("comment-" + item.id)) return;
        var list = document.getElementById("comment-thread");
        var parent = item.parent_id && document.getElementById("comment-" + item.parent_id);
        if (parent) {
          list = parent.querySelector(":scope > ol.replies");
          if (!list) {
            list = document.createElement("ol");
            list.className = "comment-list replies";
            parent.appendChild(list);
          }
        }
        list.insertAdjacentHTML("beforeend", item.html);
      });
      var target = location.hash && document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    })
    .catch(function () { /* offline or blocked: nothing to show */ });
})();
