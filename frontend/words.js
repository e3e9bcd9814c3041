// The newsroom's words, in the page's language: the page renders them through gettext
// (templates/admin/_editor_parts.html, words()) and static/words.js, loaded before this
// bundle, reads them; the editor holds no sentences of its own.
//
//   say("uploadedAs", { name: "river.jpg", id: 12 })  // "river.jpg: subida como #12"
export function say(key, values) {
  return window.ThePost ? window.ThePost.say(key, values) : key;
}
