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
