// The live desk's composer: Ctrl+Enter (Cmd+Enter on a Mac) posts the entry, from the
// headline or from the update itself, as the "Post" button does.
(function () {
  "use strict";
  var composer = document.getElementById("live-composer");
  if (!composer) return;
  var button = composer.querySelector('button[name="intent"][value="post"]');
  composer.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    composer.requestSubmit(button);
  });
  if (!composer.elements.entry_id.value) composer.elements.headline.focus();
})();
