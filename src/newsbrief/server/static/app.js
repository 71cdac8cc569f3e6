// newsbrief page: smooth scroll to the sentence of a key point or event, and copy the brief as Markdown.
"use strict";

document.addEventListener("click", (event) => {
  const link = event.target.closest("ul.kp a[href^='#kp'], ul.events a[href^='#']");
  if (!link) return;
  const mark = document.getElementById(link.getAttribute("href").slice(1));
  if (!mark) return;
  event.preventDefault();
  mark.scrollIntoView({ behavior: "smooth", block: "center" });
  mark.focus({ preventScroll: true });
  mark.classList.remove("flash");
  void mark.offsetWidth; // restart the animation on a second click
  mark.classList.add("flash");
  history.replaceState(null, "", link.getAttribute("href"));
});

document.addEventListener("click", async (event) => {
  if (!event.target.closest("#copy-md")) return;
  const source = document.getElementById("markdown");
  const status = document.getElementById("copy-status");
  try {
    await navigator.clipboard.writeText(source.value);
    status.textContent = "Copied.";
  } catch {
    // No clipboard permission (plain http, old browser): show the Markdown to copy by hand.
    source.hidden = false;
    source.removeAttribute("aria-hidden");
    source.select();
    status.textContent = "Select and copy the Markdown below.";
  }
});

document.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button[type=submit]");
  if (button) {
    button.disabled = true;
    button.textContent = "Briefing…";
  }
});
