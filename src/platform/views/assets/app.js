import { initAll as initGovuk } from '/assets/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj-frontend.mjs';

initGovuk();
initMoj();

// Pages that follow a long-running task (imports) refresh their progress without reloading.
const progress = document.querySelector('[data-poll-progress]');
if (progress) {
  const url = progress.getAttribute('data-poll-progress');
  const timer = setInterval(async () => {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const state = await response.json();
    const bar = progress.querySelector('progress');
    if (bar) { bar.max = state.total || 1; bar.value = state.processed; }
    const text = progress.querySelector('[data-progress-text]');
    if (text) text.textContent = state.message;
    if (state.finished) { clearInterval(timer); window.location.reload(); }
  }, 1000);
}
