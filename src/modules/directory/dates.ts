/** Reads a GOV.UK date input (day, month, year boxes) into an ISO date, or says what is wrong. */
export function readDateInput(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
  label: string,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const d = (day ?? '').trim();
  const m = (month ?? '').trim();
  const y = (year ?? '').trim();
  if (!d && !m && !y) return { ok: true, value: null };
  if (!d || !m || !y) return { ok: false, message: `${label} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y))
    return { ok: false, message: `${label} must be a real date, like 1 9 2025` };
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return { ok: false, message: `${label} must be a real date` };
  if (Number(y) < 1900 || Number(y) > 2100) return { ok: false, message: `${label} must be between 1900 and 2100` };
  return { ok: true, value: iso };
}

export function splitIsoDate(iso: string | null | undefined): { day: string; month: string; year: string } {
  if (!iso) return { day: '', month: '', year: '' };
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** "18 November 2026", for sentences in messages. */
export function ukLongDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
