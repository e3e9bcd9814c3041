// The link dialog of the story editor (Ctrl/Cmd+K, the "Link" button): an address typed
// in (http, https, mailto or a page of this site), or a story of the archive found by
// words of its headline (/admin/articles/find: live stories, newest change first).
//
//   const links = linkDialog(linkAllowed, "/admin/articles/find");
//   links.open({ href: "", done: ({ href, title }) => ... });  // href "" removes the link

import { element } from "./dom.js";
import { say } from "./words.js";

const ADDRESS_LIKE = /^(https?:|mailto:|\/|[a-z][a-z0-9+.-]*:)/i;

export function linkDialog(linkAllowed, findUrl) {
  const input = element("input", { type: "text", id: "link-target", autocomplete: "off", "aria-describedby": "link-target-help link-problem" });
  const results = element("ul", { class: "link-results", "aria-label": say("stories") });
  const problem = element("p", { class: "field-error", id: "link-problem", role: "alert" });
  const apply = element("button", { type: "button", class: "button button-primary", text: say("link") });
  const remove = element("button", { type: "button", class: "button", text: say("removeLink") });
  const cancel = element("button", { type: "button", class: "button", text: say("cancel") });
  const dialog = element(
    "dialog",
    { class: "link-dialog", "aria-labelledby": "link-dialog-title" },
    element("h2", { id: "link-dialog-title", text: say("link") }),
    element(
      "p",
      { class: "field" },
      element("label", { for: "link-target", text: say("linkTarget") }),
      input,
      element("span", { class: "help", id: "link-target-help", text: say("linkHelp") }),
    ),
    results,
    problem,
    element("div", { class: "button-row" }, apply, remove, cancel),
  );
  document.body.appendChild(dialog);
  let done = null;
  let typing = null;
  let asked = 0;

  function finish(answer) {
    const call = done;
    done = null;
    dialog.close();
    if (call && answer) call(answer);
  }

  function find() {
    const words = input.value.trim();
    if (!words || ADDRESS_LIKE.test(words)) {
      results.replaceChildren();
      return;
    }
    const mine = ++asked;
    fetch(findUrl + "?q=" + encodeURIComponent(words), { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((answer) => {
        if (mine !== asked) return;
        results.replaceChildren(
          ...answer.items.map((story) => {
            const button = element(
              "button",
              { type: "button", class: "link-result" },
              element("strong", { text: story.title }),
              element("span", { class: "help", text: (story.section ? story.section + " · " : "") + story.path }),
            );
            button.addEventListener("click", () => finish({ href: story.path, title: story.title }));
            return element("li", {}, button);
          }),
        );
        problem.textContent = answer.items.length ? "" : say("noStory");
      })
      .catch(() => { problem.textContent = say("archiveFailed"); });
  }

  function applyTyped() {
    const typed = input.value.trim();
    if (linkAllowed(typed)) return finish({ href: typed, title: typed });
    const first = results.querySelector("button");
    if (first && !ADDRESS_LIKE.test(typed)) return first.click();
    problem.textContent = say("notALink");
    return undefined;
  }

  input.addEventListener("input", () => {
    problem.textContent = "";
    clearTimeout(typing);
    typing = setTimeout(find, 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      applyTyped();
    }
  });
  apply.addEventListener("click", applyTyped);
  remove.addEventListener("click", () => finish({ href: "", title: "" }));
  cancel.addEventListener("click", () => finish(null));
  dialog.addEventListener("close", () => { done = null; });

  return {
    open(options) {
      done = options.done;
      input.value = options.href || "";
      remove.hidden = !options.href;
      problem.textContent = "";
      results.replaceChildren();
      dialog.showModal();
      input.select();
    },
  };
}
