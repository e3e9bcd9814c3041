// Pictures in a story: one dialog to upload (chosen, dropped or pasted files, each with
// its progress) or to pick from the whole library (searched, page by page), asking for
// each picture's alt text (required), caption and credit before it goes in. The same
// dialog chooses the featured picture. Uploads go through the media library's own
// action (/admin/media/upload: the same checks, metadata stripping and renditions);
// nothing is shown from anywhere but the site.
//
//   const dialog = pictureDialog(form);
//   dialog.open({ multiple: true, files, done: (chosen) => ... });
//   // chosen: [{ id, alt, caption, credit, thumb }], once every one is uploaded and described
import { Node } from "@tiptap/core";
import { element } from "./dom.js";
import { say } from "./words.js";

const csrf = (form) => form.querySelector("input[name=csrf_token]").value;

// What a picture reference may hold: its alt text between [ ], its caption in quotes.
export function reference(picture) {
  const alt = picture.alt.replace(/[[\]\n]/g, " ").trim();
  const caption = picture.caption.replace(/["\n]/g, (c) => (c === '"' ? "'" : " ")).trim();
  return "![" + alt + "](image:" + picture.id + (caption ? ' "' + caption + '"' : "") + ")";
}

// The library's pictures by id (thumbnails for figures the page does not list), asked
// for together.
const known = new Map();
let pickUrl = ""; // the library's, as the editor's form gives it (data-pick-url)
let wanted = new Map();
let asking = null;
export function lookUp(id, then) {
  if (known.has(id)) return then(known.get(id));
  if (!wanted.has(id)) wanted.set(id, []);
  wanted.get(id).push(then);
  if (asking) return undefined;
  asking = setTimeout(() => {
    const ids = [...wanted.keys()];
    const callbacks = wanted;
    wanted = new Map();
    asking = null;
    fetch(pickUrl + "?ids=" + ids.join(","), { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((answer) => {
        for (const item of answer.items) {
          known.set(item.id, item);
          for (const call of callbacks.get(item.id) || []) call(item);
        }
      })
      .catch(() => {});
  }, 30);
  return undefined;
}

function field(id, label, value, { required = false, help = "" } = {}) {
  const input = element("input", { id, type: "text", value, required, "aria-describedby": help ? id + "-help" : false });
  const wrapper = element(
    "p",
    { class: "field" },
    element("label", { for: id, text: label + (required ? " *" : "") }),
    input,
  );
  if (help) wrapper.append(element("span", { class: "help", id: id + "-help", text: help }));
  return { wrapper, input };
}

let serial = 0;

export function pictureDialog(form) {
  const token = csrf(form);
  pickUrl = form.dataset.pickUrl;
  const dialog = element("dialog", { class: "picture-dialog", "aria-labelledby": "picture-dialog-title" });
  const title = element("h2", { id: "picture-dialog-title", text: say("addPictures") });
  const fileInput = element("input", { type: "file", id: "picture-files", accept: "image/jpeg,image/png,image/webp,image/gif", multiple: true });
  const dropZone = element(
    "div",
    { class: "picture-drop" },
    element("label", { for: "picture-files", text: say("uploadHere") }),
    fileInput,
    element("span", { class: "help", text: say("dropHere") }),
  );
  const search = element("input", { type: "search", id: "picture-search", placeholder: say("searchHint") });
  const results = element("ul", { class: "picture-results", "aria-label": say("libraryPictures") });
  const more = element("button", { type: "button", class: "button button-small", hidden: true, text: say("morePictures") });
  const count = element("p", { class: "help", "aria-live": "polite" });
  const library = element(
    "section",
    { class: "picture-library", "aria-labelledby": "picture-library-title" },
    element("h3", { id: "picture-library-title", text: say("fromLibrary") }),
    element("p", { class: "field" }, element("label", { for: "picture-search", text: say("searchLibrary") }), search),
    count,
    results,
    more,
  );
  const chosenList = element("ol", { class: "picture-chosen", "aria-label": say("chosenPictures") });
  const problem = element("p", { class: "field-error", role: "alert" });
  const insert = element("button", { type: "button", class: "button button-primary", text: say("insert") });
  const cancel = element("button", { type: "button", class: "button", text: say("cancel") });
  dialog.append(
    title,
    dropZone,
    chosenList,
    library,
    problem,
    element("div", { class: "button-row" }, insert, cancel),
  );
  document.body.appendChild(dialog);

  let options = null; // { multiple, done }
  let chosen = []; // { id?, upload?: XHR, alt, caption, credit, item: <li>, inputs }
  let page = 1;
  let query = "";

  function ready() {
    const waiting = chosen.some((c) => !c.id);
    const missing = chosen.some((c) => !c.inputs.alt.value.trim());
    insert.disabled = !chosen.length || waiting;
    problem.textContent = missing ? say("describeEach") : "";
    return chosen.length && !waiting && !missing;
  }

  function choose(picture, upload) {
    if (!options.multiple) {
      for (const c of chosen) c.item.remove();
      chosen = [];
    }
    const key = ++serial;
    const thumb = element("img", { alt: "", width: 96, height: 72, hidden: !picture.thumb, src: picture.thumb || false });
    const progress = element("progress", { max: 100, value: 0, hidden: !upload, "aria-label": say("uploading", { name: upload ? upload.name : "" }) });
    const alt = field("pic-alt-" + key, say("altText"), picture.alt || "", { required: true, help: say("altHelp") });
    const caption = field("pic-caption-" + key, say("caption"), picture.caption || "");
    const credit = field("pic-credit-" + key, say("credit"), picture.credit || "");
    const remove = element("button", { type: "button", class: "button button-small", text: say("remove") });
    const note = element("p", { class: "help", text: upload ? upload.name : "#" + picture.id });
    const item = element("li", { class: "picture-item" }, thumb, element("div", {}, note, progress, alt.wrapper, caption.wrapper, credit.wrapper), remove);
    chosenList.appendChild(item);
    const entry = { id: picture.id || null, created: false, item, thumb, inputs: { alt: alt.input, caption: caption.input, credit: credit.input }, original: { ...picture } };
    chosen.push(entry);
    remove.addEventListener("click", () => {
      chosen = chosen.filter((c) => c !== entry);
      item.remove();
      if (entry.request) entry.request.abort();
      ready();
    });
    for (const input of Object.values(entry.inputs)) input.addEventListener("input", ready);
    if (upload) send(entry, upload, progress, note);
    ready();
    return entry;
  }

  function send(entry, file, progress, note) {
    const data = new FormData();
    data.append("file", file);
    data.append("csrf_token", token);
    const request = new XMLHttpRequest();
    entry.request = request;
    request.open("POST", form.dataset.uploadUrl);
    request.setRequestHeader("X-CSRF-Token", token);
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
    });
    request.addEventListener("load", () => {
      const answer = request.response || {};
      if (request.status !== 200) {
        const why = (answer.errors && Object.values(answer.errors).join(" ")) || say("uploadFailed", { status: request.status });
        note.textContent = say("fileProblem", { name: file.name, why });
        note.className = "field-error";
        progress.hidden = true;
        return;
      }
      progress.value = 100;
      progress.hidden = true;
      entry.id = answer.id;
      entry.created = answer.created;
      entry.original = answer;
      known.set(answer.id, answer);
      entry.thumb.src = answer.thumb;
      entry.thumb.hidden = false;
      note.textContent = say(answer.created ? "uploadedAs" : "alreadyAs", { name: file.name, id: answer.id });
      // The library's words, where none were typed yet.
      for (const name of ["alt", "caption", "credit"]) {
        if (!entry.inputs[name].value && answer[name]) entry.inputs[name].value = answer[name];
      }
      ready();
    });
    request.addEventListener("error", () => {
      note.textContent = say("uploadDropped", { name: file.name });
      note.className = "field-error";
    });
    request.send(data);
  }

  function addFiles(files) {
    for (const file of files) {
      if (/^image\//.test(file.type)) choose({}, file);
    }
  }

  function show(items, append) {
    if (!append) results.replaceChildren();
    for (const picture of items) {
      known.set(picture.id, picture);
      const button = element(
        "button",
        { type: "button", class: "picture-result", "aria-label": say("pictureResult", { id: picture.id, alt: picture.alt || say("noAltText") }) },
        element("img", { src: picture.thumb, alt: "", width: 120, height: 90 }),
        element("span", { text: "#" + picture.id }),
      );
      button.addEventListener("click", () => {
        if (!chosen.some((c) => c.id === picture.id)) choose(picture, null).inputs.alt.focus();
      });
      results.appendChild(element("li", {}, button));
    }
  }

  // Only the latest request's answer is shown: a slower, older one (the
  // library as it was when the dialog last opened, a search typed over)
  // would put pictures under the editor's pointer that it did not ask for.
  let asked = 0;
  function find(append) {
    const url = pickUrl + "?q=" + encodeURIComponent(query) + "&page=" + page;
    const mine = ++asked;
    if (!append) results.replaceChildren();
    fetch(url, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((answer) => {
        if (mine !== asked) return;
        show(answer.items, append);
        count.textContent = say(query ? "picturesFound" : "picturesInLibrary", { count: answer.total });
        more.hidden = answer.page >= answer.pages;
      })
      .catch(() => { if (mine === asked) count.textContent = say("libraryFailed"); });
  }

  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      query = search.value.trim();
      page = 1;
      find(false);
    }, 250);
  });
  more.addEventListener("click", () => {
    page += 1;
    find(true);
  });
  fileInput.addEventListener("change", () => {
    addFiles(fileInput.files);
    fileInput.value = "";
  });
  dialog.addEventListener("dragover", (event) => event.preventDefault());
  dialog.addEventListener("drop", (event) => {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  });
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    for (const c of chosen) if (c.request && !c.id) c.request.abort();
    chosen = [];
    chosenList.replaceChildren();
  });

  insert.addEventListener("click", () => {
    if (!ready()) return;
    const pictures = chosen.map((c) => ({
      id: c.id,
      alt: c.inputs.alt.value.trim(),
      caption: c.inputs.caption.value.trim(),
      credit: c.inputs.credit.value.trim(),
      thumb: c.original.thumb,
      created: c.created,
      original: c.original,
    }));
    // The words of a picture uploaded now become the library's (its uploader may).
    const describing = pictures
      .filter((p) => p.created && ["alt", "caption", "credit"].some((n) => p[n] !== (p.original[n] || "")))
      .map((p) => {
        const data = new URLSearchParams({ csrf_token: token, alt: p.alt, caption: p.caption, credit: p.credit });
        return fetch(p.original.describe, {
          method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRF-Token": token },
        }).catch(() => {});
      });
    Promise.all(describing).then(() => {
      const done = options.done;
      dialog.close();
      done(pictures);
    });
  });

  return {
    open(opened) {
      options = { multiple: true, files: [], ...opened };
      title.textContent = options.title || say(options.multiple ? "addPictures" : "choosePicture");
      fileInput.multiple = options.multiple;
      insert.textContent = options.action || say("insert");
      dialog.showModal();
      addFiles(options.files);
      query = search.value.trim();
      page = 1;
      find(false);
      ready();
      if (!options.files.length) search.focus();
    },
  };
}

// Several pictures side by side: their references on consecutive lines (one paragraph),
// as text.render_body reads them.
const IMAGE_REF = String.raw`!\[(?:[^\]\\\n]|\\.)*\]\(image:\d+(?:[ \t]+"(?:[^"\\\n]|\\.)*")?\)`;
const GALLERY = new RegExp(String.raw`^(?: {0,3}(?:${IMAGE_REF}[ \t]*)+(?:\n|$))+(?=[ \t]*(?:\n|$))`);
const ONE_REF = new RegExp(IMAGE_REF, "g");

export const galleryTokenizer = {
  name: "gallery",
  level: "block",
  tokenizer(src) {
    if (!this.lexer.state.top) return undefined;
    const found = GALLERY.exec(src);
    if (!found) return undefined;
    const refs = found[0].match(ONE_REF);
    if (!refs || refs.length < 2) return undefined;
    return { type: "gallery", raw: found[0], images: refs.map((ref) => this.lexer.inlineTokens(ref)[0]) };
  },
};

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  content: "image+",
  draggable: true,
  addAttributes() {
    return { caption: { default: "" } }; // an imported gallery's own caption, kept
  },
  parseHTML() {
    const caption = (element) => {
      const found = element.querySelector(":scope > figcaption");
      return { caption: found ? found.textContent : "" };
    };
    // Its pictures, without the caption (read into ``caption``), in the parsed copy's own
    // document (nothing is fetched for "image:" there).
    const pictures = (element) => {
      const box = element.ownerDocument.createElement("div");
      for (const img of element.querySelectorAll("img")) box.appendChild(img.cloneNode());
      return box;
    };
    return [{ tag: "figure.gallery", getAttrs: caption, contentElement: pictures }];
  },
  renderHTML({ node }) {
    // As an HTML body holds one (the wrapper of the pictures is dropped when it is stored).
    const caption = node.attrs.caption ? [["figcaption", {}, node.attrs.caption]] : [];
    return ["figure", { class: "gallery" }, ["div", { class: "gallery-pictures" }, 0], ...caption];
  },
  markdownTokenName: "gallery",
  parseMarkdown: (token, helpers) =>
    helpers.createNode(
      "gallery",
      undefined,
      token.images.map((image) => helpers.createNode("image", { src: image.href, alt: image.text, title: image.title })),
    ),
  renderMarkdown: (node, helpers) => node.content.map((child) => helpers.renderChildren([child])).join("\n"),
});

// The featured picture, chosen in the same dialog: the form's picture (a choice in its
// grid, added when the library's newest do not include it) and its words.
export function featuredPicker(form, dialog) {
  const grid = form.querySelector(".image-picker");
  if (!grid) return;
  const button = element("button", { type: "button", class: "button button-small", text: say("uploadOrSearch") });
  grid.appendChild(button);
  button.addEventListener("click", () =>
    dialog.open({
      multiple: false,
      title: say("chooseFeatured"),
      action: say("useThis"),
      done: ([picture]) => {
        let radio = grid.querySelector('input[name=featured_image_id][value="' + picture.id + '"]');
        if (!radio) {
          radio = element("input", { type: "radio", name: "featured_image_id", value: String(picture.id) });
          const label = element(
            "label",
            { class: "pick" },
            radio,
            element("img", { src: picture.thumb, alt: "", width: 96, height: 72 }),
            element("span", { class: "pick-id", text: "#" + picture.id }),
          );
          grid.querySelector(".pick-none").after(label);
        }
        radio.checked = true;
        for (const name of ["alt", "caption", "credit"]) {
          const input = form.elements["featured_" + name];
          if (input) input.value = picture[name];
        }
        radio.dispatchEvent(new Event("change", { bubbles: true }));
        form.dispatchEvent(new Event("input", { bubbles: true }));
      },
    }),
  );
}
