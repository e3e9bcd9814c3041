// Building the editor's dialogs: an element with its attributes ("text": its text; true:
// present, empty; false or null: left out) and its children.
//
//   element("button", { type: "button", hidden: true, text: "Insert" })
export function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "text") node.textContent = value;
    else if (value !== false && value != null) node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}
