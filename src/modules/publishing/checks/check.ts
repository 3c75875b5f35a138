/**
 * PUB-2: every check on a post. Each rule is one pure function (rules/); this runs them over the
 * post's text, its photos' tags and alt texts (which are published too), drops repeats (a
 * never-publish finding supersedes a surname finding on the same words), and sorts by position.
 */
import { attribution } from './rules/attribution.ts';
import { confidential } from './rules/confidential.ts';
import { contactDetails } from './rules/contact-details.ts';
import { identifyingDetails } from './rules/identifying-details.ts';
import { neverPublish } from './rules/never-publish.ts';
import { offensive } from './rules/offensive.ts';
import { photoConsent } from './rules/photo-consent.ts';
import { political } from './rules/political.ts';
import { pupilSurname } from './rules/pupil-surname.ts';
import type { CheckContext, Finding, FindingPlace, PostInput, Rule, Severity } from './types.ts';

export const RULES: readonly Rule[] = [
  neverPublish,
  pupilSurname,
  photoConsent,
  identifyingDetails,
  confidential,
  offensive,
  contactDetails,
  attribution,
  political,
];

/** The rules that read text, run again over each photo's alt text. */
const ALT_TEXT_RULES: readonly Rule[] = [
  neverPublish,
  pupilSurname,
  identifyingDetails,
  confidential,
  offensive,
  contactDetails,
];

export function checkPost(post: PostInput, ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) findings.push(...rule(post, ctx));
  (post.images ?? []).forEach((image, index) => {
    if (!image.altText?.trim()) return;
    const alt: PostInput = { text: image.altText };
    for (const rule of ALT_TEXT_RULES)
      for (const f of rule(alt, ctx)) findings.push({ ...f, where: 'alt', image: index });
  });
  return settle(findings);
}

const PLACE_ORDER: Readonly<Record<FindingPlace, number>> = { text: 0, alt: 1, photo: 2, post: 3 };
const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { blocking: 0, confirm: 1, advisory: 2 };

const sameSpans = (a: Finding, b: Finding): boolean =>
  a.spans.length === b.spans.length &&
  a.spans.every((s, i) => s.start === b.spans[i]!.start && s.end === b.spans[i]!.end);

const overlaps = (a: Finding, b: Finding): boolean =>
  a.spans.some((x) => b.spans.some((y) => x.start < y.end && y.start < x.end));

const samePlace = (a: Finding, b: Finding): boolean => a.where === b.where && a.image === b.image;

const sameFinding = (a: Finding, b: Finding): boolean =>
  a.rule === b.rule && samePlace(a, b) && sameSpans(a, b) && a.pupilId === b.pupilId && a.message === b.message;

/** Drops repeats and superseded findings, then sorts by place and position. */
export function settle(findings: Finding[]): Finding[] {
  const neverPublish = findings.filter((n) => n.rule === 'never-publish');
  // kept findings by where they start, so a repeat is looked for among a few rather than all
  const keptAt = new Map<number, Finding[]>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const at = f.spans[0]?.start ?? -1;
    const here = keptAt.get(at);
    if (here?.some((k) => sameFinding(k, f))) continue;
    if (f.rule === 'pupil-surname' && neverPublish.some((n) => samePlace(n, f) && overlaps(n, f))) continue;
    if (here) here.push(f);
    else keptAt.set(at, [f]);
    kept.push(f);
  }
  return kept.sort(
    (a, b) =>
      PLACE_ORDER[a.where] - PLACE_ORDER[b.where] ||
      (a.image ?? -1) - (b.image ?? -1) ||
      (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
}

/** Any blocking finding: the post cannot be approved as it is. */
export const blocks = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'blocking');

/** Any finding that waits for the approver's confirmation. */
export const needsConfirmation = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'confirm');
