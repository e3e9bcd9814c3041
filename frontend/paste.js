// What is pasted into a story from Google Docs, Word or a web page, made plain HTML
// before the editor reads it: headings, paragraphs, lists, links, bold and italic kept;
// fonts, colours, spans, classes, comments, tracked deletions, Word's list markers and
// Google's link redirects dropped. The editor's schema drops what is left over (an
// element it has no block or mark for keeps only its text).
//
//   editorProps: { transformPastedHTML: cleanPasted }

const BOLD = /font-weight\s*:\s*(bold|bolder|[6-9]00)/i;
const ITALIC = /font-style\s*:\s*italic/i;
const WORD_LIST = /mso-list\s*:\s*l(\d+)\s+level(\d+)/i;
const style = (element) => element.getAttribute("data-style") || "";

function unwrap(element) {
  element.replaceWith(...element.childNodes);
}

// Word writes a list as paragraphs, each with its marker ("·", "1.") in a span that only
// Word shows (`mso-list:Ignore`, between `<![if !supportLists]>` and `<![endif]>`).
function wordLists(body) {
  const stack = []; // the lists open at each level: [{ list, level }]
  for (const p of [...body.querySelectorAll("p")]) {
    const found = WORD_LIST.exec(style(p));
    if (!found) continue;
    const marker = p.querySelector("[data-style*='mso-list:Ignore'], [data-style*='mso-list: Ignore']");
    const ordered = marker ? /^\s*[0-9a-z]{1,4}[.)]/i.test(marker.textContent) : false;
    if (marker) marker.remove();
    const level = Number(found[2]);
    // A paragraph between two list paragraphs ends the list.
    if (!stack.length || p.previousElementSibling !== stack[0].list) stack.length = 0;
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = body.ownerDocument.createElement(ordered ? "ol" : "ul");
      if (top) (top.list.lastElementChild || top.list).appendChild(list);
      else p.before(list);
      top = { list, level };
      stack.push(top);
    }
    const item = body.ownerDocument.createElement("li");
    item.append(...p.childNodes);
    top.list.appendChild(item);
    p.remove();
  }
}

// The content between `<![if !supportLists]>` (or `!supportAnnotations`) and
// `<![endif]>`: what Word draws itself (list markers, comment anchors).
function wordOnly(body) {
  const walker = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) {
    if (/^\[if !support/i.test(comment.data)) {
      for (let node = comment.nextSibling; node && !(node.nodeType === 8 && /^\[endif\]/i.test(node.data));) {
        const next = node.nextSibling;
        node.remove();
        node = next;
      }
    }
  }
  for (const comment of comments) comment.remove();
}

// Headings numbered from h2 with none skipped (the headline is the page's h1).
function outline(body) {
  const headings = [...body.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  const used = [...new Set(headings.map((h) => Number(h.tagName[1])))].sort();
  for (const heading of headings) {
    const level = Math.min(6, 2 + used.indexOf(Number(heading.tagName[1])));
    const renamed = body.ownerDocument.createElement("h" + level);
    renamed.append(...heading.childNodes);
    heading.replaceWith(renamed);
  }
}

export function cleanPasted(html) {
  // Read without style sheets and with every style and event handler attribute renamed:
  // the page's Content-Security-Policy refuses them even in a parsed copy (and only the
  // styles' bold and italic are wanted).
  // (Renamed wherever an attribute could start, text included: "on=" or "style=" right
  // after a space in the words themselves is rare, and read as an attribute it is not.)
  const renamed = html
    .replace(/<style[\s>/][\s\S]*?<\/style\s*>/gi, "")
    .replace(/([\s"'/])(style|on[a-z]+)(\s*=)/gi, "$1data-$2$3");
  const doc = new DOMParser().parseFromString(renamed, "text/html");
  const body = doc.body;
  // Word's comments (the list at the end, the anchors in the text) and its document
  // parts; tracked deletions go, insertions stay as text.
  body.querySelectorAll(
    "style, meta, link, title, script, xml, del, .msoDel, .MsoCommentReference, .msocomanchor, .msocomoff, " +
      "[data-style*='mso-element:comment'], [data-style*='mso-element: comment'], [data-style*='mso-comment-reference']",
  ).forEach((n) => n.remove());
  body.querySelectorAll("ins, .msoIns").forEach(unwrap);
  [...body.getElementsByTagName("o:p")].forEach((n) => n.remove());
  wordLists(body);
  wordOnly(body);
  // Google Docs: the whole fragment in one <b style="font-weight:normal">; links through
  // a redirect; line breaks between blocks.
  body.querySelectorAll('b[id^="docs-internal-guid"], b[data-style*="font-weight:normal"]').forEach(unwrap);
  body.querySelectorAll("a[href]").forEach((a) => {
    const redirect = /^https:\/\/www\.google\.com\/url\?q=([^&]+)/.exec(a.getAttribute("href"));
    if (redirect) a.setAttribute("href", decodeURIComponent(redirect[1]));
  });
  body.querySelectorAll(":scope > br, br.Apple-interchange-newline").forEach((n) => n.remove());
  // Pictures from elsewhere are not the library's: upload them instead.
  body.querySelectorAll("img").forEach((img) => {
    if (!/^image:\d+$/.test(img.getAttribute("src") || "")) img.remove();
  });
  // Bold and italic said by a style become marks; then every style, class and the like go.
  body.querySelectorAll("[data-style]").forEach((element) => {
    if (/^H[1-6]$/.test(element.tagName) || element.closest("h1, h2, h3, h4, h5, h6")) return; // a heading's weight is its own
    let inner = element;
    if (BOLD.test(style(element))) inner = wrapInside(inner, "strong");
    if (ITALIC.test(style(element))) wrapInside(inner, "em");
  });
  for (const element of body.querySelectorAll("*")) {
    for (const name of [...element.getAttributeNames()]) {
      const keep = (element.tagName === "A" && name === "href") || (element.tagName === "IMG" && ["src", "alt", "title"].includes(name)) ||
        ((element.tagName === "TD" || element.tagName === "TH") && (name === "colspan" || name === "rowspan"));
      if (!keep) element.removeAttribute(name);
    }
  }
  body.querySelectorAll("span, font").forEach(unwrap);
  outline(body);
  return body.innerHTML;
}

function wrapInside(element, tag) {
  const mark = element.ownerDocument.createElement(tag);
  mark.append(...element.childNodes);
  element.appendChild(mark);
  return mark;
}
