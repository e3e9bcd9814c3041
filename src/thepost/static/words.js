// The words the page's scripts show, in the page's language: read from the page's JSON
// block (web/script_words.py), so the scripts themselves hold no sentences.
//   ThePost.say("embedOpen", {provider: "YouTube"})   -> "Abrir en YouTube"
//   ThePost.count("newUpdates", 3)                    -> "3 actualizaciones nuevas"
(function () {
  "use strict";
  var block = document.getElementById("thepost-words");
  var words = {};
  try { words = JSON.parse(block ? block.textContent : "{}"); } catch (e) { words = {}; }
  var lang = document.documentElement.lang || "en";

  function fill(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }

  function lookup(key) {
    return key.split(".").reduce(function (found, part) {
      return found && typeof found === "object" ? found[part] : undefined;
    }, words);
  }

  window.ThePost = {
    say: function (key, values) { return fill(lookup(key), values); },
    count: function (key, n, values) {
      var forms = lookup(key) || {};
      var category = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang).select(n) : (n === 1 ? "one" : "other");
      var shown = new Intl.NumberFormat(lang).format(n);
      return fill(forms[category] || forms.other, Object.assign({ num: shown }, values || {}));
    },
  };
})();
