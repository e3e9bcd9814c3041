// The visual story editor: the body edited as the page will show it.
//
// It takes the place of the body's textarea (kept in the form, hidden), and writes the
// body's source back into it a moment after typing pauses (and at once before anything
// is sent), so the form posts what it always posted: the live preview, autosave and
// saving work as they did. The source is the body's format: Markdown, or HTML for a
// story an import brought (kept as HTML, with what only HTML holds). A story opened and
// saved untouched keeps its source to the byte: the textarea is rewritten only after an
// edit. "Markdown" ("HTML") shows the source itself, and back.
//
// Built on TipTap (ProseMirror) with its official Markdown support, bundled by esbuild
// (`npm run build`, run by `make install`) into static/build/visual-editor.js; nothing is
// fetched from anywhere but the site. Without JavaScript, the textarea is the editor.
// Beside it: pictures.js (the picture dialog, galleries, the featured picture), links.js
// (the link dialog), paste.js (what Google Docs, Word and web pages paste). Its words are
// the page's, in the newsroom's language (words.js).
import { Editor, Mark, Node } from "@tiptap/core";
import Blockquote from "@tiptap/extension-blockquote";
import Code from "@tiptap/extension-code";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import { Markdown } from "@tiptap/markdown";
import StarterKit from "@tiptap/starter-kit";
import { Marked } from "marked";
import { linkDialog } from "./links.js";
import { cleanPasted } from "./paste.js";
import { Gallery, featuredPicker, galleryTokenizer, lookUp, pictureDialog, reference } from "./pictures.js";
import { say } from "./words.js";

// Markdown as the site renders it (markdown-it, HTML off): HTML in a body is text, shown
// as typed, never parsed into the story; a bare address is text until linked (no GFM
// autolinks); an <address> links only to the web or an email address. marked's own
// tokenizers find nothing of the rest (false: let it look; undefined: nothing here).
const markdown = new Marked();
markdown.use({
  tokenizer: {
    html: () => undefined,
    tag: () => undefined,
    url: () => undefined,
    autolink: (src) => (/^<(https?:\/\/|mailto:)/i.test(src) ? false : undefined),
  },
});

const SYNC_DELAY = 150; // ms after the last change before the source is written back

// An embed: a web address alone on its line, at the top level, with a blank line or the
// end after it (content/embeds.py and text.render_body read the same rule). On the page
// it is a player the reader starts, or a link card; here, a card with the address.
const ADDRESS = /^https?:\/\/[^\s<>"'`]{1,2000}$/;
const EMBED_LINE = /^ {0,3}(https?:\/\/[^\s<>"'`]{1,2000})[ \t]*(?:\n|$)(?=[ \t]*(?:\n|$))/;
markdown.use({
  extensions: [
    {
      name: "embed",
      level: "block",
      tokenizer(src) {
        if (!this.lexer.state.top) return undefined;
        const found = EMBED_LINE.exec(src);
        return found ? { type: "embed", raw: found[0], url: found[1] } : undefined;
      },
    },
  ],
});

// A pull quote: a line of the story set large, written as a quote whose first line is
// `[!pullquote]` (text.render_body reads the same).
const PULL_QUOTE = /^ {0,3}> ?\[!pullquote\][ \t]*(?:\n|$)/;
const QUOTED_LINE = /^ {0,3}>(.*)(?:\n|$)/;
markdown.use({
  extensions: [
    {
      name: "pullquote",
      level: "block",
      tokenizer(src) {
        if (!this.lexer.state.top) return undefined;
        const first = PULL_QUOTE.exec(src);
        if (!first) return undefined;
        let raw = first[0];
        const lines = [];
        for (let line = QUOTED_LINE.exec(src.slice(raw.length)); line && line[0]; line = QUOTED_LINE.exec(src.slice(raw.length))) {
          lines.push(line[1].replace(/^ /, ""));
          raw += line[0];
        }
        this.lexer.state.top = false;
        const tokens = this.lexer.blockTokens(lines.join("\n"));
        this.lexer.state.top = true;
        return { type: "pullquote", raw, tokens };
      },
    },
  ],
});

const PullQuote = Blockquote.extend({
  name: "pullQuote",
  markdownTokenName: "pullquote",
  parseHTML() {
    return [{ tag: "figure.pullquote", contentElement: "blockquote" }];
  },
  renderHTML() {
    return ["figure", { class: "pullquote" }, ["blockquote", 0]];
  },
  parseMarkdown: (token, helpers) =>
    helpers.createNode("pullQuote", undefined, (helpers.parseBlockChildren || helpers.parseChildren)(token.tokens || [])),
  renderMarkdown: (node, helpers) => "> [!pullquote]\n" + Blockquote.config.renderMarkdown(node, helpers),
  addKeyboardShortcuts: () => ({}),
  addInputRules: () => [],
  addCommands() {
    return { togglePullQuote: () => ({ commands }) => commands.toggleWrap(this.name) };
  },
});

const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { url: { default: "" }, caption: { default: "" } };
  },
  // In an HTML body, as the importer writes one (content/embeds.py makes it a facade).
  parseHTML() {
    const read = (element) => {
      const link = element.querySelector("a[href]");
      const caption = element.querySelector("figcaption");
      return link ? { url: link.getAttribute("href"), caption: caption ? caption.textContent : "" } : false;
    };
    return [{ tag: "figure.embed", getAttrs: read }];
  },
  renderHTML({ node }) {
    const caption = node.attrs.caption ? [["figcaption", {}, node.attrs.caption]] : [];
    return ["figure", { class: "embed" }, ["a", { href: node.attrs.url }, node.attrs.url], ...caption];
  },
  markdownTokenName: "embed",
  parseMarkdown: (token, helpers) => helpers.createNode("embed", { url: token.url }),
  renderMarkdown: (node) => node.attrs.url,
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure");
      dom.className = "visual-embed";
      dom.contentEditable = "false";
      const name = document.createElement("strong");
      name.textContent = say("embed");
      const address = document.createElement("span");
      address.textContent = node.attrs.url;
      const note = document.createElement("small");
      note.textContent = say("embedNote");
      dom.append(name, " ", address, note);
      return { dom };
    };
  },
});

// A picture in the body: `![alt](image:ID "caption")` on its own line (several on
// consecutive lines: a gallery). Shown with the library's thumbnail and its caption;
// never fetched as "image:".
markdown.use({ extensions: [galleryTokenizer] });

const Figure = Image.extend({
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure");
      dom.className = "visual-figure";
      dom.contentEditable = "false";
      const found = /^image:(\d+)$/.exec(node.attrs.src || "");
      const missing = document.createElement("p");
      missing.className = "visual-figure-missing";
      missing.textContent = found ? say("pictureNumber", { id: found[1] }) : say("pictureAddress", { src: node.attrs.src || "" });
      dom.appendChild(missing);
      if (found) {
        lookUp(Number(found[1]), (picture) => {
          const img = document.createElement("img");
          img.src = picture.thumb;
          img.alt = node.attrs.alt || "";
          missing.replaceWith(img);
        });
      }
      const caption = document.createElement("figcaption");
      caption.textContent = [node.attrs.title, node.attrs.alt && say("alt", { alt: node.attrs.alt })]
        .filter(Boolean).join(" · ");
      dom.appendChild(caption);
      return { dom };
    };
  },
});

// A link typed in goes to the web (http, https), to an address (mailto) or to a page of
// this site (/...). One read from a body may also be relative; no other scheme is kept
// (the server's sanitiser drops them too).
function linkAllowed(url) {
  return /^(https?:\/\/\S+|mailto:\S+|\/\S*)$/i.test(url.trim());
}

function schemeAllowed(url) {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) || /^(https?|mailto):/i.test(url);
}

// What an imported HTML body holds that Markdown cannot: kept as they are when such a
// body is edited (the sanitiser's allowlist, content/text.py, has each).
const inline = (tag, attributes = []) =>
  Mark.create({
    name: "html_" + tag,
    addAttributes: () => Object.fromEntries(attributes.map((name) => [name, { default: null }])),
    parseHTML: () => [{ tag }],
    renderHTML: ({ HTMLAttributes }) => [tag, HTMLAttributes, 0],
  });
const block = (tag, content, group) =>
  Node.create({
    name: "html_" + tag,
    content,
    group,
    defining: true,
    parseHTML: () => [{ tag }],
    renderHTML: () => [tag, 0],
  });
const HTML_ONLY = [
  ...["sup", "sub", "small", "cite", "q", "ins", "u", "mark"].map((tag) => inline(tag)),
  inline("abbr", ["title"]),
  block("dl", "(html_dt | html_dd)+", "block"),
  block("dt", "inline*"),
  block("dd", "inline*"),
];

function extensions(format = "markdown") {
  return [
    StarterKit.configure({
      code: false, // below: code may be linked
      underline: false, // Markdown has none (an HTML body's <u> is kept: HTML_ONLY)
      link: { openOnClick: false, autolink: false, isAllowedUri: (url) => schemeAllowed(url) },
    }),
    Code.extend({ excludes: "" }), // `code` in a link or in bold, as Markdown and HTML allow
    ...(format === "html" ? HTML_ONLY : []),
    Figure.configure({ inline: false }),
    Embed,
    PullQuote,
    Gallery,
    TableKit.configure({ table: { resizable: false } }), // Markdown's (GFM) tables
    Markdown.configure({ marked: markdown }),
  ];
}

// Each button's label is the page's word of its name ("bold": "Bold", "Fett"...).
const BUTTONS = [
  { name: "bold", keys: "Ctrl+B", run: (c) => c.toggleBold(), active: ["bold"] },
  { name: "italic", keys: "Ctrl+I", run: (c) => c.toggleItalic(), active: ["italic"] },
  { name: "h2", run: (c) => c.toggleHeading({ level: 2 }), active: ["heading", { level: 2 }] },
  { name: "h3", run: (c) => c.toggleHeading({ level: 3 }), active: ["heading", { level: 3 }] },
  { name: "bullets", run: (c) => c.toggleBulletList(), active: ["bulletList"] },
  { name: "numbers", run: (c) => c.toggleOrderedList(), active: ["orderedList"] },
  { name: "quote", run: (c) => c.toggleBlockquote(), active: ["blockquote"] },
  { name: "pullquote", run: (c) => c.togglePullQuote(), active: ["pullQuote"] },
  { name: "code", run: (c) => c.toggleCodeBlock(), active: ["codeBlock"] },
  { name: "divider", run: (c) => c.setHorizontalRule() },
  { name: "table", run: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }) },
  { name: "embed", embed: true },
  { name: "picture", picture: true },
  { name: "link", keys: "Ctrl+K", link: true, active: ["link"] },
  { name: "undo", keys: "Ctrl+Z", run: (c) => c.undo() },
  { name: "redo", keys: "Ctrl+Shift+Z", run: (c) => c.redo() },
];
const label = (spec) => say(spec.name);
// "Ctrl+Shift+Z" as the page's language names the keys ("Strg+Umschalt+Z").
const keys = (spec) => spec.keys.replace("Ctrl", say("ctrl")).replace("Shift", say("shift"));

// What the "/" menu offers: the toolbar's blocks.
const BLOCKS = ["picture", "h2", "h3", "bullets", "numbers", "quote", "pullquote", "code", "divider", "table", "embed"]
  .map((name) => BUTTONS.find((spec) => spec.name === name));

function mount(textarea, dialog, links) {
  const format = textarea.dataset.visual === "html" ? "html" : "markdown";
  const written = (editor) => (format === "html" ? editor.getHTML() : editor.getMarkdown());
  const field = textarea.closest(".field") || textarea.parentNode;
  const fieldLabel = document.querySelector('label[for="' + textarea.id + '"]');
  const wrapper = document.createElement("div");
  wrapper.className = "visual-editor";
  const toolbar = document.createElement("div");
  toolbar.className = "visual-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", say("formatting"));
  const surface = document.createElement("div");
  surface.className = "visual-surface";
  const status = document.createElement("p");
  status.className = "visual-status muted";
  status.setAttribute("aria-live", "polite");
  wrapper.append(toolbar, surface, status);
  textarea.insertAdjacentElement("beforebegin", wrapper);

  const editor = new Editor({
    element: surface,
    injectCSS: false, // the site's Content-Security-Policy allows no inline style; admin.css has it
    extensions: extensions(format),
    content: textarea.value,
    contentType: format,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": fieldLabel ? fieldLabel.textContent.replace(/\*/g, "").trim() : say("body"), // its field's label
        class: "visual-content story-body",
        // The story is written in its language's direction (the textarea's: right to left
        // for Arabic), as the site shows it, whatever language the newsroom speaks to its
        // writer; a paragraph in another script keeps that layout.
        dir: getComputedStyle(textarea).direction,
      },
      handleKeyDown: (view, event) => menuKey(event), // the "/" menu's keys, when it is open
      transformPastedHTML: cleanPasted, // from Google Docs, Word, the web: plain HTML
      // Pictures pasted or dropped go to the library, then in where they were put; an
      // address pasted into an empty paragraph becomes an embed.
      handlePaste: (view, event) => {
        if (addPictures(event.clipboardData, editor.state.selection.from)) return true;
        const text = ((event.clipboardData && event.clipboardData.getData("text/plain")) || "").trim();
        return ADDRESS.test(text) && insertEmbed(text, true);
      },
      handleDrop: (view, event, slice, moved) => {
        if (moved) return false;
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        return addPictures(event.dataTransfer, at ? at.pos : editor.state.selection.from);
      },
    },
    // The body's source is written back a moment after typing pauses (a long story is
    // not serialised at every keystroke), and at once before the form is sent.
    onUpdate: () => {
      clearTimeout(pending);
      pending = setTimeout(sync, SYNC_DELAY);
    },
    onSelectionUpdate: () => pressed(),
    onTransaction: () => pressed(),
  });

  let pending = null;
  function sync() {
    if (pending === null) return;
    clearTimeout(pending);
    pending = null;
    textarea.value = written(editor);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    counts();
  }
  if (textarea.form) textarea.form.addEventListener("submit", sync, true);

  function counts() {
    const words = (editor.getText().match(/\S+/g) || []).length;
    status.textContent = say("counts", { words, minutes: Math.max(1, Math.round(words / 230)) });
  }

  // Ctrl/Cmd+K, "Link": an address, or a story of the archive (the link dialog); with
  // nothing selected, the story's headline (or the address) is written, linked.
  function link() {
    if (!links) return;
    const { from, to, empty } = editor.state.selection;
    links.open({
      href: editor.getAttributes("link").href || "",
      done: ({ href, title }) => {
        const chain = editor.chain().focus().setTextSelection({ from, to });
        if (!href) chain.extendMarkRange("link").unsetLink().run();
        else if (empty && !editor.isActive("link")) {
          chain.insertContent({ type: "text", text: title, marks: [{ type: "link", attrs: { href } }] }).run();
        } else chain.extendMarkRange("link").setLink({ href }).run();
      },
    });
  }

  // An embed in place of the empty paragraph the cursor is in (only there, with
  // ``onlyThere``), or after the block it is in; at the end, a paragraph to go on writing.
  function insertEmbed(url, onlyThere) {
    const { from, empty } = editor.state.selection;
    const range = blockRange(from);
    const blank = empty && typeof range === "object";
    if (onlyThere && !blank) return false;
    const end = typeof range === "object" ? range.to : range;
    const last = end >= editor.state.doc.content.size;
    const nodes = [{ type: "embed", attrs: { url } }, ...(last ? [{ type: "paragraph" }] : [])];
    editor.chain().focus().insertContentAt(range, nodes).run();
    return true;
  }

  // Where a block goes: in place of the empty paragraph at ``pos``, or after the block
  // ``pos`` is in.
  function blockRange(pos) {
    const $pos = editor.state.doc.resolve(Math.min(pos, editor.state.doc.content.size));
    if ($pos.depth === 0) return pos;
    const blank = $pos.depth === 1 && $pos.parent.type.name === "paragraph" && $pos.parent.content.size === 0;
    return blank ? { from: $pos.before(1), to: $pos.after(1) } : $pos.after(1);
  }

  function insertPictures(pictures, pos) {
    if (!pictures.length) return;
    const source = pictures.map(reference).join("\n"); // several: a gallery
    editor.chain().focus().insertContentAt(blockRange(pos), source, { contentType: "markdown" }).run();
  }

  function addPictures(transfer, pos) {
    const files = transfer ? [...transfer.files].filter((file) => /^image\//.test(file.type)) : [];
    if (!files.length || !dialog) return false;
    dialog.open({ files, done: (pictures) => insertPictures(pictures, pos) });
    return true;
  }

  function picture() {
    if (!dialog) return;
    const pos = editor.state.selection.from;
    dialog.open({ done: (pictures) => insertPictures(pictures, pos) });
  }

  function embed() {
    const url = window.prompt(say("embedAsk"), "");
    if (url === null || url.trim() === "") return;
    if (ADDRESS.test(url.trim())) insertEmbed(url.trim(), false);
    else status.textContent = say("embedRefused");
  }

  function run(spec) {
    if (spec.link) link();
    else if (spec.embed) embed();
    else if (spec.picture) picture();
    else spec.run(editor.chain().focus()).run();
  }

  const buttons = BUTTONS.map((spec) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small";
    button.textContent = label(spec);
    button.dataset.command = spec.name;
    if (spec.keys) button.title = say("shortcut", { label: label(spec), keys: keys(spec) });
    if (spec.active) button.setAttribute("aria-pressed", "false");
    // A click leaves the focus and the selection in the story (a key typed right after
    // goes there, not to the button).
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => run(spec));
    toolbar.appendChild(button);
    return { spec, button };
  });

  const source = document.createElement("button");
  source.type = "button";
  source.className = "button button-small visual-source";
  source.textContent = format === "html" ? "HTML" : "Markdown";
  source.setAttribute("aria-pressed", "false");
  toolbar.appendChild(source);

  function pressed() {
    for (const { spec, button } of buttons) {
      if (spec.active) button.setAttribute("aria-pressed", String(editor.isActive(...spec.active)));
    }
  }

  // Markdown source and back: what was typed there is what the visual editor shows.
  let showingSource = false;
  source.addEventListener("click", () => {
    sync();
    showingSource = !showingSource;
    source.setAttribute("aria-pressed", String(showingSource));
    for (const { button } of buttons) button.disabled = showingSource;
    if (showingSource) {
      textarea.hidden = false;
      surface.hidden = true;
      textarea.focus();
    } else {
      editor.commands.setContent(textarea.value, { contentType: format, emitUpdate: false });
      textarea.hidden = true;
      surface.hidden = false;
      editor.commands.focus();
    }
  });

  // The block menu: "/" at the start of an empty paragraph lists the blocks; typing
  // narrows it ("/ta" is Table), arrows move, Enter or Tab chooses, Escape closes. The
  // focus stays in the story (a combobox: aria-activedescendant names the option).
  const menu = document.createElement("div");
  menu.className = "visual-menu";
  menu.id = (textarea.id || "body") + "-blocks";
  menu.setAttribute("role", "listbox");
  menu.setAttribute("aria-label", say("blocks"));
  menu.hidden = true;
  wrapper.appendChild(menu);
  const slash = { open: false, items: [], index: 0, closedAt: null };

  function slashQuery() {
    const { $from, empty } = editor.state.selection;
    if (!empty || $from.depth !== 1 || $from.parent.type.name !== "paragraph") return null;
    // Letters of any script: the blocks are named in the page's language.
    const found = /^\/([\p{L} ]{0,20})$/iu.exec($from.parent.textContent);
    return found && $from.parentOffset === $from.parent.textContent.length ? found[1].toLowerCase() : null;
  }

  function showMenu() {
    const query = slashQuery();
    const where = query === null ? null : editor.state.selection.$from.start();
    if (query === null || slash.closedAt === where) return closeMenu(where === null);
    slash.items = BLOCKS.filter((spec) => label(spec).toLowerCase().includes(query.trim()));
    if (!slash.items.length) return closeMenu(false);
    slash.index = Math.min(slash.index, slash.items.length - 1);
    menu.replaceChildren(...slash.items.map((spec, i) => {
      const option = document.createElement("div");
      option.setAttribute("role", "option");
      option.id = menu.id + "-" + spec.name;
      option.textContent = label(spec);
      option.setAttribute("aria-selected", String(i === slash.index));
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(spec);
      });
      return option;
    }));
    const at = editor.view.coordsAtPos(editor.state.selection.from);
    const box = wrapper.getBoundingClientRect();
    menu.style.top = at.bottom - box.top + 4 + "px";
    // Under the caret, opening towards the end of the line (leftwards right to left).
    if (getComputedStyle(editor.view.dom).direction === "rtl") {
      menu.style.left = "";
      menu.style.right = Math.max(0, box.right - at.right) + "px";
    } else {
      menu.style.left = Math.max(0, at.left - box.left) + "px";
    }
    menu.hidden = false;
    slash.open = true;
    editor.view.dom.setAttribute("aria-activedescendant", menu.id + "-" + slash.items[slash.index].name);
    editor.view.dom.setAttribute("aria-controls", menu.id);
  }

  function closeMenu(forget) {
    if (forget) slash.closedAt = null;
    slash.open = false;
    slash.index = 0;
    menu.hidden = true;
    editor.view.dom.removeAttribute("aria-activedescendant");
  }

  function choose(spec) {
    const { $from } = editor.state.selection;
    editor.chain().focus().deleteRange({ from: $from.start(), to: $from.end() }).run();
    closeMenu(true);
    run(spec);
  }

  function menuKey(event) {
    if (!slash.open) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      slash.index = (slash.index + step + slash.items.length) % slash.items.length;
      showMenu();
    } else if (event.key === "Enter" || event.key === "Tab") {
      choose(slash.items[slash.index]);
    } else if (event.key === "Escape") {
      slash.closedAt = editor.state.selection.$from.start();
      closeMenu(false);
    } else {
      return false;
    }
    return true;
  }
  editor.on("transaction", () => showMenu());
  editor.on("blur", () => closeMenu(false));

  surface.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      link();
    }
  });
  if (fieldLabel) fieldLabel.addEventListener("click", () => editor.commands.focus());

  textarea.hidden = true;
  field.classList.add("has-visual-editor");
  counts();
  pressed();

  // For static/editor.js: the picture buttons insert a figure where the cursor is.
  textarea.visualEditor = {
    active: () => !showingSource,
    sync, // the source as it stands, now
    setEditable(editable) {
      editor.setEditable(editable);
      editor.view.dom.setAttribute("aria-readonly", String(!editable));
      textarea.readOnly = !editable;
      for (const { button } of buttons) button.disabled = !editable;
      source.disabled = !editable;
    },
    insertMarkdown(source) {
      editor.chain().focus().insertContent(source, { contentType: "markdown" }).run();
    },
  };
  return editor;
}

// The body's Markdown through the editor and back, as a save after opening it would
// store it (the round-trip test runs every demo and imported story through it).
function roundTrip(source, as) {
  const format = as === "html" ? "html" : "markdown";
  const element = document.createElement("div");
  const editor = new Editor({
    element,
    injectCSS: false,
    extensions: extensions(format),
    content: source,
    contentType: format,
  });
  const out = format === "html" ? editor.getHTML() : editor.getMarkdown();
  editor.destroy();
  return out;
}

window.ThePostEditor = { mount, roundTrip, linkAllowed };

const form = document.getElementById("editor");
const dialog = form && form.querySelector("input[name=csrf_token]") && window.HTMLDialogElement ? pictureDialog(form) : null;
if (dialog) featuredPicker(form, dialog);
const links = form && window.HTMLDialogElement ? linkDialog(linkAllowed, form.dataset.findUrl) : null;
document.querySelectorAll('textarea[name="body"][data-visual]').forEach((textarea) => mount(textarea, dialog, links));
