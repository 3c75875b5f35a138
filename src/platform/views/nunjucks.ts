import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { paragraphsHtml } from './paragraphs.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require_ = (p: string) => path.join(ROOT, 'node_modules', p);

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** "14 September 2016" from an ISO date or a Date, as GOV.UK style asks. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : londonDate.format(date);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : londonDateTime.format(date).replace(' am', 'am').replace(' pm', 'pm');
}

export function createViewEnvironment(moduleViewDirs: string[]): nunjucks.Environment {
  const searchPaths = [
    path.join(ROOT, 'src/platform/views/templates'),
    ...moduleViewDirs,
    require_('govuk-frontend/dist'),
    require_('@ministryofjustice/frontend'),
  ];
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('number', (n: number) => (typeof n === 'number' ? n.toLocaleString('en-GB') : n));
  env.addFilter(
    'paragraphs',
    (text: unknown) =>
      new nunjucks.runtime.SafeString(paragraphsHtml(typeof text === 'string' ? text : String(text ?? ''))),
  );
  env.addFilter(
    'pluralise',
    (n: number, one: string, many?: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : (many ?? `${one}s`)}`,
  );
  return env;
}

/** Module templates are named by their path under src/modules, e.g. 'directory/staff/views/list.njk'. */
export function moduleViewDirs(): string[] {
  return [path.join(ROOT, 'src/modules')];
}

export const PROJECT_ROOT = ROOT;
