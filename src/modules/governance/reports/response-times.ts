// Response times against the deadline (GOV-1) need the inbox of comments, which is not part of
// Postwarden yet. This is the one place to fill in when it lands: return the figures (items
// answered within and outside their deadline, by school) as lines and tables, with a repo function
// beside the others in repo.ts, and the page, CSV and PDF will show them as they show every section.
import type { ReportTable } from './present.ts';

export function responseTimes(): { title: string; lines: string[]; tables: ReportTable[] } {
  return {
    title: 'Response times',
    lines: [
      'Not reported yet: Postwarden does not yet hold the inbox of comments and messages to the official accounts, so there are no response times to count. This section will show how many were answered within their deadline once the inbox is in use.',
    ],
    tables: [],
  };
}
