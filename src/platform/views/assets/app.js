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

// On a narrow screen tables stack (postwarden.css); each cell is given its column's name, which the
// stylesheet shows above it (with empty alternative text, as screen readers announce the header
// anyway), and the table keeps its table roles, which some browsers drop from a table laid out as blocks.
for (const table of document.querySelectorAll('table.govuk-table')) {
  const headers = [...table.querySelectorAll(':scope > thead > tr:first-child > th, :scope > thead > tr:first-child > td')];
  const names = [];
  for (const header of headers) for (let i = 0; i < (header.colSpan || 1); i += 1) names.push(header.textContent.trim().replace(/\s+/g, ' '));
  table.setAttribute('role', 'table');
  for (const group of table.querySelectorAll(':scope > thead, :scope > tbody, :scope > tfoot')) group.setAttribute('role', 'rowgroup');
  for (const row of table.querySelectorAll(':scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr')) {
    row.setAttribute('role', 'row');
    const inHead = row.parentElement.tagName === 'THEAD';
    let column = 0;
    for (const cell of row.children) {
      cell.setAttribute('role', inHead ? 'columnheader' : cell.tagName === 'TH' ? 'rowheader' : 'cell');
      const name = names[column];
      if (!inHead && name && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', name);
      column += cell.colSpan || 1;
    }
  }
}
