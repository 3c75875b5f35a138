// The report form's people search as you type (INC-1): each "Pupil or member of staff" box becomes
// a combobox (WAI-ARIA 1.2, list autocomplete) offering the school's pupils and staff whose names
// contain what was typed. Choosing one fills the box and a hidden pick-N field, so the server takes
// that person without asking again. Without this script the form still works: names are looked up
// on sending, and a choice is offered on the form when several people match.
//
// Keys: Down and Up move through the suggestions, Enter chooses, Escape closes them; Tab leaves.

const boxes = document.querySelectorAll('input[data-people-search]');
boxes.forEach((input) => enhance(input));

function enhance(input) {
  const form = input.form;
  const pickName = input.getAttribute('data-pick');
  // the server is already asking which person they mean: leave that choice as it is
  if (!form || !pickName || form.querySelector(`[name="${pickName}"]`)) return;
  const endpoint = input.getAttribute('data-people-search');
  const listId = `${input.id}-suggestions`;

  const pick = document.createElement('input');
  pick.type = 'hidden';
  pick.name = pickName;
  const list = document.createElement('ul');
  list.id = listId;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', `People matching ${labelOf(input)}`);
  list.className = 'pw-suggestions';
  list.hidden = true;
  const status = document.createElement('div');
  status.className = 'govuk-visually-hidden';
  status.setAttribute('role', 'status');
  input.after(list, status, pick);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);

  let people = [];
  let active = -1;
  let timer;
  let ticket = 0;
  let chosenText = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const show = (index) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === index));
      option.classList.toggle('pw-suggestions__option--active', i === index);
    });
    if (index < 0) input.removeAttribute('aria-activedescendant');
    else {
      const option = document.getElementById(`${listId}-${index}`);
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  };
  const choose = (index) => {
    const person = people[index];
    if (!person) return;
    input.value = person.name;
    pick.value = person.value;
    chosenText = person.name;
    status.textContent = `${person.name}, ${person.hint}, chosen.`;
    close();
  };
  const render = () => {
    list.replaceChildren(
      ...people.map((person, i) => {
        const option = document.createElement('li');
        option.id = `${listId}-${i}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.className = 'pw-suggestions__option';
        const name = document.createElement('span');
        name.textContent = person.name;
        const hint = document.createElement('span');
        hint.className = 'pw-suggestions__hint';
        hint.textContent = person.hint;
        option.append(name, ' ', hint);
        // mousedown, so the box keeps its focus; click would blur it first
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(i);
        });
        return option;
      }),
    );
    if (people.length === 0) {
      close();
      status.textContent = 'Nobody in the school’s lists matches. Check the spelling, or use the box for people outside the school.';
      return;
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    show(-1);
    status.textContent = `${people.length === 1 ? '1 person matches' : `${people.length} people match`}. Use the down arrow to choose.`;
  };
  const search = async () => {
    const text = input.value.trim();
    const mine = ++ticket;
    if (text.length < 2) {
      people = [];
      close();
      return;
    }
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(text)}`, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok || mine !== ticket) return;
      people = (await response.json()).people ?? [];
      render();
    } catch {
      // offline or signed out: the form still looks the names up when it is sent
    }
  };

  input.addEventListener('input', () => {
    if (input.value !== chosenText) {
      pick.value = '';
      chosenText = null;
    }
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && people.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open && people.length > 0) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      if (people.length > 0) show(Math.min(active + 1, people.length - 1));
    } else if (event.key === 'ArrowUp') {
      if (!open) return;
      event.preventDefault();
      show(Math.max(active - 1, 0));
    } else if (event.key === 'Enter') {
      if (open && active >= 0) {
        event.preventDefault(); // choosing, not sending the form
        choose(active);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener('blur', close);
}

function labelOf(input) {
  const label = input.labels && input.labels[0];
  return label ? label.textContent.trim() : 'this name';
}
