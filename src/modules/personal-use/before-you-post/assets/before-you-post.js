// "Before you post" checks as you type, posting to the same address as the form (which works without
// this script). Nothing is kept: each check is a request like pressing the button.
const draft = document.querySelector('[data-before-you-post]');
const findings = document.getElementById('findings');
if (draft && findings) {
  let timer;
  let latest = 0;
  const check = async () => {
    const ticket = ++latest;
    if (!draft.value.trim()) return;
    const response = await fetch(draft.getAttribute('data-before-you-post'), {
      method: 'POST',
      body: new URLSearchParams({ draft: draft.value }),
      headers: { 'x-csrf-token': draft.getAttribute('data-csrf') || '', 'x-live-check': '1', accept: 'text/html' },
      credentials: 'same-origin',
    });
    if (response.ok && ticket === latest) findings.innerHTML = await response.text();
  };
  draft.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => check().catch(() => undefined), 500);
  });
}
