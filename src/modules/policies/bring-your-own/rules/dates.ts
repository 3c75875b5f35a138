const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH = `(?:${MONTHS.join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')})`;

/** A date as it is written in a UK policy, anywhere in the text: 23/06/2021, 23rd June 2021, June 2021, 2021-06-23. */
export const DATE_PATTERN = new RegExp(
  `(\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?${MONTH}\\.?,?\\s+\\d{4})`,
  'i',
);

const pad = (n: number): string => String(n).padStart(2, '0');

/** The ISO form of a written date: YYYY-MM-DD, or YYYY-MM when only the month is given; undefined if impossible. */
export function isoDate(written: string): string | undefined {
  const text = written.trim().toLowerCase();
  let m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$/.exec(text);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return valid(year, Number(m[2]), Number(m[1]));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\.?,?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS.findIndex((name) => name === m![2] || name.slice(0, 3) === m![2]) + 1;
    if (month === 0) return undefined;
    return m[1] ? valid(Number(m[3]), month, Number(m[1])) : `${m[3]}-${pad(month)}`;
  }
  return undefined;
}

function valid(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1990 || year > 2100) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}
