/** Give every element with data-color its label colour (a CSS variable set through the CSSOM, which CSP allows). */
for (const el of document.querySelectorAll("[data-color]")) {
  el.style.setProperty("--span-color", el.dataset.color);
}
