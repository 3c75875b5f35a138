/**
 * Splitting a school's own policy into sections and numbered clauses (POL-7), following the
 * document's own structure: Word heading styles where the file has them, otherwise numbered
 * headings ("3. Personal use"), headings in capitals and short lines standing alone; clauses start
 * at the document's own numbers ("3.2", "a)", "(iv)") or bullets. Pure: no I/O.
 */
import type { SourceLine } from '../read/lines.ts';

export interface SplitClause {
  /** The document's own number for the clause ("3.2", "a)"), when it has one. */
  number?: string;
  text: string;
}

export interface SplitSection {
  number?: string;
  title: string;
  clauses: SplitClause[];
}

export interface SplitDocument {
  title: string;
  sections: SplitSection[];
}

const CLAUSE_NUMBER = /^(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[a-z][.)]|\([a-z]\)|\(?[ivx]{1,4}\))(?=\s|[A-Z])\s*(.*)$/;
const BULLET = /^[-•*▪◦●○·–]\s*(.*)$/;
const NUMBERED_HEADING = /^(?:(?:section|part)\s+)?(\d{1,2})(?:[.)]|\s)\s*([A-Z][^.;!?]{1,80})$/i;
const TOC_ENTRY = /(\t|\s{2,}|\.{3,})\s*\d{1,3}$/;
const DATE_ONLY =
  /^(\d{1,2}(st|nd|rd|th)?\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4}$/i;
const NOT_HEADINGS = new Set(['contents', 'table of contents']);
const CONNECTIVES = new Set(['or', 'and', 'and/or']);

const clean = (text: string): string => text.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();

const BEFORE_HEADINGS = 'Before the first heading';
const DATED =
  /\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4}\b|\b\d{4}\b/i;
const isTitleLine = (text: string): boolean => !text.includes('\n') && words(text) <= 12 && !/[.;:!?]$/.test(text);
const words = (text: string): number => text.split(' ').filter(Boolean).length;

function isCapitals(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters.length >= 4 && letters === letters.toUpperCase() && words(text) <= 10;
}

/** A short line that reads as a heading when it stands alone: no closing punctuation, starts with a capital. */
function looksLikeHeading(text: string): boolean {
  if (CONNECTIVES.has(text.toLowerCase()) || DATE_ONLY.test(text)) return false;
  if (text.length > 70 || words(text) > 9) return false;
  if (/[.,;:!?)]$/.test(text) || text.includes(': ')) return false;
  if (!/^[A-Z]/.test(text)) return false;
  return /[a-z]{2}|[A-Z]{2}/.test(text);
}

interface Block {
  text: string;
  number?: string;
  bullet?: boolean;
  heading?: { level: number; number?: string; title: string };
  /** The block stood alone: a blank line (or the start) before it and after it. */
  alone: boolean;
}

/** Lines into blocks: wrapped lines joined into paragraphs; numbered items and bullets start their own. */
function blocksOf(lines: SourceLine[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let blankBefore = true;
  const close = (blankAfter: boolean): void => {
    if (current) current.alone = current.alone && blankAfter;
    current = undefined;
  };
  const styled = lines.some((l) => l.headingLevel !== undefined);
  // After a "Contents" line, short lines ending in a page number are its entries (a PDF loses the tab).
  let inContents = false;
  for (const line of lines) {
    const text = clean(line.text);
    if (!text) {
      close(true);
      blankBefore = true;
      continue;
    }
    if (NOT_HEADINGS.has(text.toLowerCase().replace(/:$/, ''))) {
      inContents = true;
      close(true);
      continue;
    }
    const entry = words(text) <= 12 && (TOC_ENTRY.test(line.text.trimEnd()) || (inContents && /\s\d{1,3}$/.test(text)));
    if (entry) {
      close(true);
      continue;
    }
    inContents = false;
    const bullet = BULLET.exec(text);
    const body = bullet ? clean(bullet[1]!) : text;
    const numbered = CLAUSE_NUMBER.exec(body);
    const startsItem = Boolean(bullet || numbered || line.listItem || line.headingLevel);
    if (line.headingLevel) {
      close(true);
      const n = NUMBERED_HEADING.exec(text);
      blocks.push({
        text,
        alone: true,
        heading: { level: line.headingLevel, number: n?.[1], title: n ? clean(n[2]!) : text },
      });
      blankBefore = true;
      continue;
    }
    if (current && !startsItem && !styled) {
      current.text = `${current.text} ${body}`;
      current.alone = false;
      continue;
    }
    close(false);
    current = {
      text: numbered ? clean(numbered[2]!) : body,
      ...(numbered ? { number: numbered[1]!.replace(/\.$/, '') } : {}),
      ...((bullet || line.listItem) && !numbered ? { bullet: true } : {}),
      alone: blankBefore && !bullet,
    };
    blocks.push(current);
    blankBefore = false;
    // Styled documents put one paragraph per line; each line is a block of its own.
    if (styled) close(true);
  }
  close(true);
  if (!styled) for (const block of blocks) markHeading(block);
  return blocks;
}

/** Decides from its words alone whether an unstyled block is a heading. */
function markHeading(block: Block): void {
  if (block.bullet) return;
  const full = block.number ? `${block.number}. ${block.text}` : block.text;
  const numbered = NUMBERED_HEADING.exec(full.replace(/:$/, ''));
  if (
    numbered &&
    !block.number?.includes('.') &&
    (block.number || block.alone) &&
    looksLikeHeading(clean(numbered[2]!).replace(/: /g, ' '))
  ) {
    block.heading = { level: 1, number: numbered[1], title: clean(numbered[2]!) };
    return;
  }
  if (block.number) return;
  if (!block.alone) return;
  if (isCapitals(block.text) || looksLikeHeading(block.text)) block.heading = { level: 1, title: block.text };
}

const endsWithLeadIn = (text: string): boolean => /[:–—-]$/.test(text.trim()) || /\b(by|to|that)$/i.test(text.trim());
const depth = (number: string): number => number.split('.').length;

/**
 * The document as sections of clauses. Leading headings with nothing under them (the title block)
 * become the title. A bullet or a lettered item belongs to the clause before it when that clause
 * leads into a list ("…include:") or is numbered; a deeper number ("2.3.1") belongs to its parent ("2.3").
 */
export function splitPolicy(lines: SourceLine[], fallbackTitle = 'Social media policy'): SplitDocument {
  const blocks = blocksOf(lines);
  const sections: SplitSection[] = [];
  const titles: string[] = [];
  let section: SplitSection | undefined;
  let parentNumber: string | undefined;
  let leadIn = false;
  for (const block of blocks) {
    if (
      block.heading &&
      isTitleLine(block.heading.title) &&
      DATED.test(block.heading.title) &&
      /polic/i.test(block.heading.title)
    ) {
      titles.push(block.heading.title);
      continue;
    }
    if (block.heading) {
      if (section && section.clauses.length === 0 && sections.length === 1) {
        titles.push(section.title);
        sections.pop();
      }
      section = {
        ...(block.heading.number ? { number: block.heading.number } : {}),
        title: block.heading.title,
        clauses: [],
      };
      sections.push(section);
      parentNumber = undefined;
      leadIn = false;
      continue;
    }
    if (!section) {
      section = { title: BEFORE_HEADINGS, clauses: [] };
      sections.push(section);
    }
    const last = section.clauses.at(-1);
    const lettered = block.number !== undefined && !/^\d/.test(block.number);
    const deeper =
      block.number !== undefined &&
      parentNumber !== undefined &&
      /^\d/.test(block.number) &&
      depth(block.number) > depth(parentNumber) &&
      block.number.startsWith(`${parentNumber}.`);
    if (last && (deeper || ((block.bullet || lettered) && (leadIn || parentNumber !== undefined)))) {
      last.text = `${last.text}\n${block.number && !block.bullet ? `${block.number} ` : '• '}${block.text}`;
      continue;
    }
    const clause: SplitClause = { ...(block.number ? { number: block.number } : {}), text: block.text };
    section.clauses.push(clause);
    parentNumber = block.number && /^\d/.test(block.number) ? block.number : undefined;
    leadIn = endsWithLeadIn(block.text);
  }
  if (sections.length > 1 && sections[0]!.clauses.length === 0 && titles.length === 0)
    titles.push(sections.shift()!.title);
  // Short lines above the first heading (the school's name, the policy's name) are the title block.
  const first = sections[0];
  if (
    first &&
    sections.length > 1 &&
    first.title === BEFORE_HEADINGS &&
    first.clauses.every((c) => isTitleLine(c.text))
  ) {
    titles.push(...first.clauses.map((c) => c.text));
    sections.shift();
  }
  // …and so is the policy's name with nothing under it but its date ("Social Media Policy / August 2017").
  const head = sections[0];
  if (
    head &&
    sections.length > 1 &&
    /polic/i.test(head.title) &&
    head.clauses.length > 0 &&
    head.clauses.every((c) => DATE_ONLY.test(c.text))
  ) {
    titles.push(head.title);
    sections.shift();
  }
  const title = titles.find((t) => /polic/i.test(t)) ?? titles[0] ?? fallbackTitle;
  return { title: titleCase(title), sections };
}

function titleCase(text: string): string {
  if (!isCapitals(text)) return text;
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
