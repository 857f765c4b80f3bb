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

// A table wider than the window scrolls sideways in its own box (see werkbrug.css). A
// box without a link or button inside cannot be reached with the keyboard, so such a
// table becomes focusable: then arrow keys scroll it (WCAG 2.1.1). Tables that fit get
// no extra tab stop.
function focusableWhenScrolling() {
  for (const table of document.querySelectorAll("table")) {
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.hasAttribute("tabindex")) {
      table.setAttribute("tabindex", "0");
      table.dataset.scrollFocus = "";
    } else if (!scrolls && "scrollFocus" in table.dataset) {
      table.removeAttribute("tabindex");
      delete table.dataset.scrollFocus;
    }
  }
}
document.addEventListener("DOMContentLoaded", focusableWhenScrolling);
window.addEventListener("resize", focusableWhenScrolling);

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
