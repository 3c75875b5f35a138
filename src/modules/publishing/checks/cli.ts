/**
 * What `postwarden check --school <slug> <file|->` prints (PUB-2, issue 5 §7): the findings for a
 * text, for people or (--json) for machines, and exit code 1 when any finding blocks or waits for a
 * person to confirm it (issue 16: a program cannot confirm "this is not that pupil"). The command
 * wiring (reading the file, loading the school's roster and settings) lives with the CLI.
 */
import { checkPost } from './check.ts';
import { buildRosterMatcher } from './names/roster-matcher.ts';
import type { CheckSettings, Finding, RosterPupil } from './types.ts';

export interface RunCheckArgs {
  text: string;
  json: boolean;
  roster: RosterPupil[];
  settings: CheckSettings;
  schoolDomains: string[];
  schoolPhones?: string[];
  schoolPostcodes?: string[];
  extraConfidentialTerms?: string[];
  /** Defaults to now. */
  today?: Date;
}

export function runCheck(args: RunCheckArgs): { output: string; exitCode: 0 | 1 } {
  const findings = checkPost(
    { text: args.text },
    {
      roster: buildRosterMatcher(args.roster),
      settings: args.settings,
      schoolDomains: args.schoolDomains,
      schoolPhones: args.schoolPhones,
      schoolPostcodes: args.schoolPostcodes,
      extraConfidentialTerms: args.extraConfidentialTerms,
      today: args.today ?? new Date(),
    },
  );
  const blocking = findings.filter((f) => f.severity === 'blocking').length;
  const confirm = findings.filter((f) => f.severity === 'confirm').length;
  const exitCode = blocking + confirm > 0 ? 1 : 0;
  if (args.json) {
    const lines = lineStarts(args.text);
    const out = {
      blocking,
      confirm,
      advisory: findings.length - blocking - confirm,
      findings: findings.map((f) => ({
        ...f,
        words: f.spans.map((s) => args.text.slice(s.start, s.end)),
        line: f.spans[0] ? lineOf(lines, f.spans[0].start) : undefined,
      })),
    };
    return { output: `${JSON.stringify(out, null, 2)}\n`, exitCode };
  }
  return { output: describe(args.text, findings, blocking, confirm), exitCode };
}

const LABEL = { blocking: 'BLOCKS ', confirm: 'CONFIRM', advisory: 'ADVISES' } as const;

function describe(text: string, findings: Finding[], blocking: number, confirm: number): string {
  if (findings.length === 0) return 'No findings: nothing in this post goes against the policy checks.\n';
  const lines = lineStarts(text);
  const out = findings.map((f) => {
    const where = f.spans[0] ? `line ${lineOf(lines, f.spans[0].start)}` : 'the post';
    const words = f.spans.length > 0 ? `  ${f.spans.map((s) => `“${text.slice(s.start, s.end)}”`).join(', ')}\n` : '';
    const confirmation = f.confirm ? `  The approver must confirm: “${f.confirm}”\n` : '';
    return `${LABEL[f.severity]} ${where} (${f.rule}, policy clause ${f.clauseKey})\n${words}  ${f.message}\n${confirmation}`;
  });
  const advisory = findings.length - blocking - confirm;
  const summary = `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}: ${blocking} blocking, ${confirm} to confirm, ${advisory} advisory.`;
  return `${out.join('\n')}\n${summary}\n`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return line + 1;
}
