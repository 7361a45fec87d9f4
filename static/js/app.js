// Starts NHS.UK frontend's components and makes htmx swaps accessible.
// Loaded as a module from a static file: the Content-Security-Policy allows no inline script.
// Everything here is an enhancement: every page and journey works without it.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// A polite live region (in base.html) that tells screen reader users the page changed.
function announce(message) {
  const region = document.getElementById("sg-announcer");
  if (!region || !message) return;
  // Clear first, then set after a tick, so repeating the same message is announced again.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = message;
  }, 100);
}

function pageName() {
  // "Question 2 of 10: How complex is it? – Spread Guide" is announced without the site name.
  return document.title.replace(/\s+[–-]\s+Spread Guide$/, "");
}

// After htmx swaps in new content (a wizard step, a result): start the NHS.UK components in it,
// update the title, move focus to the error summary or the new heading, and announce the page.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  if (!target || !target.isConnected) return;
  initAll({ scope: target });

  const title = target.querySelector("[data-page-title]");
  if (title) document.title = title.getAttribute("data-page-title");

  const heading = target.querySelector("[data-focus-on-swap], h1");
  if (!heading) return; // a small swap inside a page, not a new page
  // NHS.UK's error summary focuses itself when initialised; leave focus there.
  const errorSummary = target.querySelector(".nhsuk-error-summary");
  if (!errorSummary || !errorSummary.contains(document.activeElement)) {
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: false });
  }
  announce(errorSummary ? `There is a problem. ${pageName()}` : pageName());
});

// Back and forward: htmx restores the page (or reloads it: history cache is off); tell the user.
document.addEventListener("htmx:historyRestore", () => {
  initAll();
  const heading = document.querySelector("main h1");
  if (heading) {
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  announce(pageName());
});

// htmx does not swap error responses. Rather than leave the user on a page that did nothing,
// load the page normally for a GET (the server's error page then shows), and say so otherwise.
document.addEventListener("htmx:responseError", (event) => {
  const detail = event.detail;
  const verb = (detail.requestConfig && detail.requestConfig.verb) || "get";
  const path = detail.pathInfo && (detail.pathInfo.finalRequestPath || detail.pathInfo.requestPath);
  if (verb.toLowerCase() === "get" && path) {
    window.location.assign(path);
  } else {
    announce("Sorry, there is a problem with the service. Try again.");
  }
});

document.addEventListener("htmx:sendError", () => {
  announce("Sorry, the page could not be loaded. Check your connection and try again.");
});

// "Copy link" beside a private link: shown only where the browser can copy, so without script
// (or without the clipboard) the link is still there to select and copy by hand.
function startCopyButtons(root) {
  if (!navigator.clipboard || !window.isSecureContext) return;
  root.querySelectorAll("[data-copy-from]").forEach((button) => {
    const source = document.getElementById(button.getAttribute("data-copy-from"));
    const holder = button.closest(".sg-copy");
    if (!source || !holder || button.dataset.copyReady) return;
    button.dataset.copyReady = "true";
    const status = holder.querySelector(".sg-copy__status");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (status) status.textContent = "Link copied.";
      } catch {
        if (status) status.textContent = "Could not copy: select the link and copy it instead.";
      }
    });
    holder.hidden = false;
  });
}
startCopyButtons(document);
