// Posting's enhancements. Every page works without them: the checks run again on saving, and the
// approved words can be selected and copied by hand.

// The checks beside a draft count the words against the chosen account's platform, so choosing
// another account checks them again (app.js runs the live check on the text box's input event).
const draft = document.querySelector('[data-live-check]');
const account = document.getElementById('accountId');
if (draft && account) {
  account.addEventListener('change', () => draft.dispatchEvent(new Event('input')));
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
