// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen reader users hear what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// A suggestion button (data-fill-input, data-fill-value) puts its value in that input,
// for example an occupation suggested from an opportunity's title.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-fill-input]");
  if (!button) return;
  const input = document.getElementById(button.dataset.fillInput);
  if (!input) return;
  input.value = button.dataset.fillValue;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.focus();
});

// A table wider than its box scrolls sideways in it (templates/macros/tables.html). The
// box is focusable in the page as sent, so arrow keys can scroll it (WCAG 2.1.1); while
// the table fits, this drops that needless tab stop. While it scrolls, the line under
// the caption says so ("Scroll sideways for more columns"). A ResizeObserver rather than
// the window's resize event: a chart drawn beside a table changes the box too.
function fitTableBox(box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls) box.setAttribute("tabindex", "0");
  else box.removeAttribute("tabindex");
  const hint = box.querySelector(".table-box__hint");
  if (hint) hint.hidden = !scrolls;
}
document.addEventListener("DOMContentLoaded", () => {
  // Every browser the site supports has ResizeObserver; without it boxes keep their stop.
  if (!("ResizeObserver" in window)) return;
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) fitTableBox(entry.target);
  });
  document.querySelectorAll("[data-table-box]").forEach((box) => observer.observe(box));
});

// A search box over a long list (data-list-search="SELECT-ID", see macros/forms.html):
// typing hides the options that do not hold every typed word, so a coach finds one of
// 160 opportunities by title, employer or postcode. The list stays a real <select>;
// Enter in the box chooses the first match.
function normalised(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function wireListSearch(box) {
  const select = document.getElementById(box.dataset.listSearch);
  const input = box.querySelector("input");
  const count = box.querySelector(".hint");
  if (!select || !input) return;
  const options = Array.from(select.options).filter((option) => option.value !== "");
  box.hidden = false;
  input.addEventListener("input", () => {
    const words = normalised(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const option of options) {
      const text = normalised(option.textContent);
      const matches = words.every((word) => text.includes(word));
      option.hidden = !matches;
      if (matches) shown += 1;
    }
    // While searching the list opens as a box of matches, so they can be seen at once.
    if (words.length) select.size = Math.max(2, Math.min(8, shown + 1));
    else select.removeAttribute("size");
    count.textContent = words.length
      ? box.dataset.countText.replace("{shown}", shown).replace("{total}", options.length)
      : "";
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();  // Enter chooses; it does not send the form half filled in
    const first = options.find((option) => !option.hidden);
    if (first) {
      select.value = first.value;
      select.focus();
    }
  });
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-list-search]").forEach(wireListSearch);
});

// The opportunity form: a field that only some kinds of opportunity have (data-kinds,
// the rule of opportunities/vocab.py) hides while another kind is chosen. Without this
// script every field shows with a note saying which kind it is for.
function showFieldsOfKind(form) {
  const chosen = form.querySelector("input[name=kind]:checked");
  if (!chosen) return;
  for (const wrapper of form.querySelectorAll("[data-kinds]")) {
    wrapper.hidden = !wrapper.dataset.kinds.split(" ").includes(chosen.value);
  }
  // A new opportunity's heading and the page title name the kind chosen.
  for (const heading of document.querySelectorAll("[data-kind-heading]")) {
    heading.hidden = heading.dataset.kindHeading !== chosen.value;
    if (!heading.hidden) {
      const title = document.title;
      document.title = heading.textContent + title.slice(title.lastIndexOf(" · "));
    }
  }
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-kind-form]").forEach(showFieldsOfKind);
});
document.addEventListener("change", (event) => {
  const form = event.target.name === "kind" && event.target.closest("form[data-kind-form]");
  if (form) showFieldsOfKind(form);
});

// Rows added and removed in the page (languages, skills). A new row is a copy of the
// blank row in the list's <template>, numbered with the list's next index so names stay
// "skills-7-skill" and ids stay unique; htmx then wires up its skill picker. Without this
// script the same buttons send the form and the server adds or removes the row.
function renumberRows(list) {
  const rows = list.querySelectorAll("[data-rows] > [data-row]");
  rows.forEach((row, number) => {
    const legend = row.querySelector(":scope > legend");
    legend.textContent = legend.textContent.replace(/\d+/, String(number + 1));
  });
  list.querySelector("[data-add-row]").hidden = rows.length >= Number(list.dataset.maxRows);
}

function addRow(list) {
  const template = list.querySelector("template[data-row-template]");
  const index = Number(list.dataset.nextIndex);
  list.dataset.nextIndex = String(index + 1);
  const html = template.innerHTML.replaceAll(template.dataset.index, String(index));
  const rows = list.querySelector("[data-rows]");
  rows.insertAdjacentHTML("beforeend", html);
  const row = rows.lastElementChild;
  if (window.htmx) window.htmx.process(row);
  renumberRows(list);
  return row;
}

document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add-row]");
  const remove = event.target.closest("[data-remove-row]");
  const list = (add || remove) && (add || remove).closest("[data-row-list]");
  if (!list) return;
  event.preventDefault();
  if (add) {
    addRow(list).querySelector("input:not([type=hidden]), select").focus();
    return;
  }
  remove.closest("[data-row]").remove();
  if (!list.querySelector("[data-rows] > [data-row]")) addRow(list);
  renumberRows(list);
  list.querySelector("[data-add-row]").focus();
});

// A part of a form that counts for one choice of a radio group only (data-shown-if=
// "NAME=VALUE") shows while that choice is made: the answer form's interview for an
// invitation and its reason for a decline, the interview's address for one at an
// address and its link for one online. So the form stays short on a phone. The hidden
// attribute hides a part from screen readers and the keyboard too; its fields keep what
// was typed (they are still sent: the server ignores a part not chosen). With nothing
// chosen every such part hides. Without JavaScript every part stays visible, with a
// hint saying what it is for.
function showChosenParts(form) {
  for (const part of form.querySelectorAll("[data-shown-if]")) {
    const [name, value] = part.dataset.shownIf.split("=");
    const chosen = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    part.hidden = !chosen || chosen.value !== value;
  }
}
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form")) {
    if (form.querySelector("[data-shown-if]")) showChosenParts(form);
  }
});
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (event.target.type === "radio" && form && form.querySelector("[data-shown-if]")) {
    showChosenParts(form);
  }
});

// A form sent twice (a double click, a second tap on a slow phone) would save twice:
// two opportunities, two candidates. After the first send of a POST form, further sends
// of it are ignored while the next page loads; its buttons say so to screen readers
// (aria-disabled, not disabled: a disabled button's name and value would not be sent).
// Every download is a GET, so a POST always leads to a new page; should one not, the
// form can be sent again after a while. Without this script the server still refuses
// what it must (a proposal made twice, an edit over a newer version).
const SENDING_RELEASE_MS = 15000;

function releaseForm(form) {
  delete form.dataset.sending;
  for (const button of form.querySelectorAll("[aria-disabled][data-sending-button]")) {
    button.removeAttribute("aria-disabled");
    delete button.dataset.sendingButton;
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  // The attribute, not form.method: a field named "method" (the consent form's) hides
  // that property.
  const method = (form.getAttribute("method") || "get").toLowerCase();
  if (event.defaultPrevented || method !== "post") return;
  if ("sending" in form.dataset) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "";
  for (const button of form.querySelectorAll("button:not([type]), button[type=submit]")) {
    if (!button.hasAttribute("aria-disabled")) {
      button.setAttribute("aria-disabled", "true");
      button.dataset.sendingButton = "";
    }
  }
  setTimeout(() => releaseForm(form), SENDING_RELEASE_MS);
});

// A page shown again from the browser's back-forward cache: its forms can be sent.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sending]").forEach(releaseForm);
});

// A message above a place further down the page (a redirect to "#place-22" after an
// action): the stylesheet keeps it at the top of the window while the page is at that
// place. This pins it at once, measures how much room it takes, so the place (and
// anything focused later) sits just under it rather than under the stylesheet's guess,
// lands there again, and shows the button (and the Escape key) that puts the message back
// at the top of the page, the person staying where they are and the keyboard going on
// from the place.
document.addEventListener("DOMContentLoaded", () => {
  const flashes = document.querySelector("main > .flashes");
  const hide = flashes && flashes.querySelector("[data-hide-flashes]");
  // By location.hash: the browser may match :target only once it scrolls there.
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!hide || !target || !flashes.parentElement.contains(target)) return;
  const root = document.documentElement;
  const measure = () => {
    root.style.setProperty("--flashes-height", `${flashes.offsetHeight + 8}px`);
  };
  flashes.classList.add("flashes--pinned");
  hide.hidden = false;
  measure();
  target.scrollIntoView({ block: "start" });
  if ("ResizeObserver" in window) new ResizeObserver(measure).observe(flashes);
  const unpin = () => {
    const top = window.scrollY;
    flashes.classList.replace("flashes--pinned", "flashes--read");
    hide.hidden = true;
    root.style.removeProperty("--flashes-height");
    window.scrollTo(window.scrollX, top);
  };
  hide.addEventListener("click", () => {
    unpin();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  });
  // The button sits before the place in the page, so the keyboard, going on from the
  // place, never passes it: Escape hides the message from wherever the focus is, and
  // leaves the focus there.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && flashes.classList.contains("flashes--pinned")) unpin();
  });
});
