// Starts NHS.UK frontend's components and makes htmx swaps accessible.
// Loaded as a module from a static file: the Content-Security-Policy allows no inline script.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// After htmx swaps in a new step, move focus to its heading so screen readers announce it,
// and start any NHS.UK components inside the new content.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  if (!target) return;
  initAll({ scope: target });
  const heading = target.querySelector("[data-focus-on-swap], h1");
  if (heading) {
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  const title = target.querySelector("[data-page-title]");
  if (title) document.title = title.getAttribute("data-page-title");
});
