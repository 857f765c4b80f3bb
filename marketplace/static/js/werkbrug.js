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

// The answer form shows only the part of the chosen answer (the interview's fields for
// an invitation, the reason for a decline), so it stays short on a phone. Without
// JavaScript every part stays visible and the server ignores the parts not chosen.
function showPartsForAnswer(form) {
  const chosen = form.querySelector("input[name=answer]:checked");
  for (const part of form.querySelectorAll("[data-shown-for-answer]")) {
    part.hidden = !chosen || chosen.value !== part.dataset.shownForAnswer;
  }
}
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form")) {
    if (form.querySelector("[data-shown-for-answer]")) showPartsForAnswer(form);
  }
});
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (event.target.name === "answer" && form && form.querySelector("[data-shown-for-answer]")) {
    showPartsForAnswer(form);
  }
});
