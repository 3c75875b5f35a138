// Passkeys on the set-up and code pages (AUTH-2): the buttons stay hidden unless the browser can use
// passkeys; everything else on those pages works without this script.
const { startRegistration, startAuthentication, browserSupportsWebAuthn } = window.SimpleWebAuthnBrowser;

const csrf = () => document.querySelector('input[name="_csrf"]')?.value ?? '';

async function send(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  return { ok: response.ok, ...json };
}

function showError(text) {
  const box = document.getElementById('passkey-error');
  if (!box) return;
  box.textContent = text;
  box.hidden = false;
  box.focus();
}

function wire(selector, optionsUrl, start, answerUrl, failure) {
  for (const button of document.querySelectorAll(selector)) {
    if (!browserSupportsWebAuthn()) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const options = await (await fetch(optionsUrl, { credentials: 'same-origin' })).json();
        const response = await start({ optionsJSON: options });
        const result = await send(answerUrl, { response, next: button.dataset.next ?? '/' });
        if (result.ok && result.next) window.location.assign(result.next);
        else showError(result.message ?? failure);
      } catch {
        showError(failure);
      } finally {
        button.disabled = false;
      }
    });
  }
}

wire(
  '[data-passkey-register]',
  '/second-factor/passkey/register-options',
  startRegistration,
  '/second-factor/passkey/register',
  'Your passkey was not set up. Try again, or set up an authenticator app instead.',
);
wire(
  '[data-passkey-sign-in]',
  '/second-factor/passkey/options',
  startAuthentication,
  '/second-factor/passkey',
  'Your passkey was not accepted. Try again, or type a code instead.',
);
