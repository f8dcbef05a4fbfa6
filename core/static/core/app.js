// Small progressive enhancements; every page works without this file.
document.addEventListener("keydown", (event) => {
  // "/" focuses the patient search field, as in most search-first tools.
  if (event.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) {
    const field = document.querySelector("[data-search-field]");
    if (field) { event.preventDefault(); field.focus(); }
  }
});
