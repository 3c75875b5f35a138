// Posting's enhancements. Every page works without them: the checks run again on saving, and the
// approved words can be selected and copied by hand.

// The checks beside a draft run as the author types, and again when they choose another account
// (the words are counted as that account's platform counts them). The server checks again on save.
const draft = document.querySelector('[data-live-check]');
const findings = document.getElementById('live-findings');
if (draft && findings) {
  const form = draft.form;
  const account = document.getElementById('accountId');
  let timer;
  let latest = 0;
  let inflight = null;
  const check = async () => {
    const body = new URLSearchParams(new FormData(form));
    body.delete('_csrf');
    const ticket = ++latest;
    const response = await fetch(draft.getAttribute('data-live-check'), {
      method: 'POST', body, headers: { 'x-csrf-token': draft.getAttribute('data-csrf') || '', accept: 'text/html' }, credentials: 'same-origin',
    });
    if (response.ok && ticket === latest) findings.innerHTML = await response.text();
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      inflight = check().catch(() => undefined).finally(() => { inflight = null; });
    }, 400);
  };
  draft.addEventListener('input', soon);
  if (account) account.addEventListener('change', soon);
  // Saving waits for a check already on its way, so the two requests never overlap (each saves the
  // session, and the later would drop the message the save leaves for the next page).
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    if (!inflight) return;
    event.preventDefault();
    const submitter = event.submitter;
    inflight.then(() => form.requestSubmit(submitter));
  });
}

// Copy buttons for the manual hand-off: shown only where the browser lets a page write to the clipboard.
for (const button of document.querySelectorAll('[data-copy-from]')) {
  const source = document.getElementById(button.getAttribute('data-copy-from'));
  const status = document.getElementById(button.getAttribute('data-copy-status'));
  if (!source || !navigator.clipboard || !window.isSecureContext) continue;
  // The button waits in a hidden wrapper: a GOV.UK button's own display rule would beat its hidden attribute.
  const wrapper = button.closest('[data-copy]');
  if (wrapper) wrapper.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText('value' in source ? source.value : source.textContent);
      if (status) status.textContent = button.getAttribute('data-copied') || 'Copied';
    } catch {
      if (status) status.textContent = 'Your browser did not allow copying. Select the words and copy them instead.';
    }
  });
}
