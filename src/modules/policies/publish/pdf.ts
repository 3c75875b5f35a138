// The policy as a printable PDF (POL-6): a title page with the version's approval details, a
// contents list with page numbers, the numbered sections and clauses, related policies, the law it
// relies on, the revision history, and "Page N of M" on every page. Tagged, so screen readers
// read headings, paragraphs and lists in order; headers and footers are marked as artefacts.
import PDFDocument from 'pdfkit';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import type { PresentedPolicy, RevisionEntry } from './present.ts';

export interface PolicyPdfInput {
  policy: PresentedPolicy;
  /** Approved versions up to this one, newest first. */
  history: RevisionEntry[];
  /** The UK date the PDF was made, YYYY-MM-DD. */
  generatedOn: string;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 80, left: 64, right: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const CLAUSE_INDENT = 34;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const INK = '#0b0c0c';
const SECONDARY = '#505a5f';
const WARNING = '#b10e1e';

type Struct = PDFKit.PDFStructureElement;

/**
 * The built-in PDF fonts only cover Windows-1252. Anything else (an emoji, a character from
 * another alphabet) is replaced rather than printed as the wrong letter.
 */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(ch))
      out += ch;
    else if (ch === '\t') out += ' ';
    else if (ch === '\u2011' || ch === '\u2010') out += '-';
    else if (ch === '\u2212') out += '-';
    else if (code < 0x20) continue;
    else out += '?';
  }
  return out;
}

function dateOrDash(value: string | null, none: string): string {
  return value ? formatDate(value) : none;
}

interface ContentsEntry {
  label: string;
  number: string;
  destination: string;
  page?: number;
}

export async function renderPolicyPdf(input: PolicyPdfInput): Promise<Buffer> {
  const { policy, history } = input;
  const facts = policy.facts;
  const draft = facts.status === 'draft';
  const versionLabel = `Version ${facts.number}${draft ? ' (draft)' : ''}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: pdfSafe(`${policy.title}: ${policy.ownerName}`),
      Subject: pdfSafe(`${versionLabel} of the ${policy.title.toLowerCase()} of ${policy.ownerName}`),
      Author: pdfSafe(policy.ownerName),
      Creator: 'Postwarden',
      Producer: 'Postwarden',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const currentPage = (): number => {
    const range = doc.bufferedPageRange();
    return range.start + range.count - 1;
  };

  const text = (
    parent: Struct,
    type: string,
    value: string,
    options: {
      font?: string;
      size?: number;
      color?: string;
      x?: number;
      width?: number;
      gap?: number;
      destination?: string;
      align?: 'left' | 'right';
    } = {},
  ): void => {
    doc
      .font(options.font ?? FONT)
      .fontSize(options.size ?? 11)
      .fillColor(options.color ?? INK);
    const x = options.x ?? MARGIN.left;
    doc.text(pdfSafe(value), x, doc.y, {
      width: options.width ?? CONTENT_WIDTH - (x - MARGIN.left),
      lineGap: 2,
      align: options.align ?? 'left',
      structParent: parent,
      structType: type,
      ...(options.destination ? { destination: options.destination } : {}),
    });
    if (options.gap) doc.y += options.gap;
  };
  const heightOf = (value: string, font: string, size: number, width: number): number => {
    doc.font(font).fontSize(size);
    return doc.heightOfString(pdfSafe(value), { width, lineGap: 2 });
  };
  /** Starts a new page unless `needed` points fit on this one, so a heading is never left alone at the foot of a page. */
  const keepSpace = (needed: number): void => {
    if (doc.y + needed > BOTTOM) doc.addPage();
  };

  // Title page.
  doc.y = 150;
  text(root, 'P', policy.ownerName, { size: 16, color: SECONDARY, gap: 6 });
  text(root, 'H1', policy.title, { font: BOLD, size: 30, gap: 8 });
  text(root, 'P', policy.trustWide ? `${versionLabel}, adopted by the trust for all its schools` : versionLabel, {
    size: 14,
    gap: draft ? 10 : 28,
  });
  if (draft)
    text(root, 'P', 'Draft: not yet approved. Do not rely on this version or share it as the school’s policy.', {
      font: BOLD,
      size: 13,
      color: WARNING,
      gap: 24,
    });
  const rows: [string, string][] = [
    ['Version', String(facts.number)],
    ['Status', draft ? 'Draft' : 'Approved'],
    ['Approved by', facts.approvedBy ?? 'Not yet approved'],
    ['Approved on', dateOrDash(facts.approvedOn, 'Not yet approved')],
    ['Effective from', dateOrDash(facts.effectiveFrom, 'Not yet set')],
    ['Review due', dateOrDash(facts.reviewDue, 'Set when the version is approved')],
    ['Consultation', facts.consultation ?? (draft ? 'Recorded when the version is approved' : 'None recorded')],
    ['Summary of changes', facts.changeSummary ?? (draft ? 'Recorded when the version is approved' : 'None recorded')],
  ];
  const labelWidth = 130;
  const factsTable = doc.struct('Table');
  root.add(factsTable);
  for (const [label, value] of rows) {
    const rowHeight = Math.max(
      heightOf(label, BOLD, 11, labelWidth - 10),
      heightOf(value, FONT, 11, CONTENT_WIDTH - labelWidth),
    );
    keepSpace(rowHeight + 10);
    const y = doc.y;
    doc.markContent('Artifact', { type: 'Layout' });
    doc
      .moveTo(MARGIN.left, y - 5)
      .lineTo(MARGIN.left + CONTENT_WIDTH, y - 5)
      .lineWidth(0.5)
      .strokeColor('#b1b4b6')
      .stroke();
    doc.endMarkedContent();
    const row = doc.struct('TR');
    factsTable.add(row);
    const th = doc.struct('TH');
    const td = doc.struct('TD');
    row.add(th);
    row.add(td);
    doc
      .font(BOLD)
      .fontSize(11)
      .fillColor(INK)
      .text(pdfSafe(label), MARGIN.left, y, { width: labelWidth - 10, lineGap: 2, structParent: th, structType: 'P' });
    doc
      .font(FONT)
      .fontSize(11)
      .fillColor(INK)
      .text(pdfSafe(value), MARGIN.left + labelWidth, y, {
        width: CONTENT_WIDTH - labelWidth,
        lineGap: 2,
        structParent: td,
        structType: 'P',
      });
    th.end();
    td.end();
    row.end();
    doc.x = MARGIN.left;
    doc.y = y + rowHeight + 12;
  }
  factsTable.end();
  doc.y += 16;
  text(
    root,
    'P',
    `Produced by Postwarden on ${formatDate(input.generatedOn)}. A printed copy can go out of date: check that this is still the version in force before relying on it.`,
    { size: 10, color: SECONDARY },
  );

  // The contents, with page numbers, is written once the pages are known: reserve its pages now.
  const entries: ContentsEntry[] = [
    ...policy.sections.map((s) => ({ label: s.title, number: s.number, destination: s.anchor })),
    ...(policy.relatedPolicies.length
      ? [{ label: 'Related policies', number: '', destination: 'related-policies' }]
      : []),
    ...(policy.legislation.length
      ? [{ label: 'Law and guidance this policy relies on', number: '', destination: 'legislation' }]
      : []),
    ...(history.length ? [{ label: 'Revision history', number: '', destination: 'revision-history' }] : []),
  ];
  const entryWidth = CONTENT_WIDTH - 34 - 40;
  const entryHeights = entries.map((e) => heightOf(e.label, FONT, 12, entryWidth) + 8);
  const contentsHeadingHeight = 48;
  let contentsPages = 1;
  for (let y = MARGIN.top + contentsHeadingHeight, i = 0; i < entryHeights.length; i++) {
    if (y + entryHeights[i]! > BOTTOM) {
      contentsPages++;
      y = MARGIN.top;
    }
    y += entryHeights[i]!;
  }
  const toc = doc.struct('TOC');
  root.add(toc);
  const firstContentsPage = currentPage() + 1;
  for (let i = 0; i < contentsPages; i++) {
    doc.addPage();
    if (i === 0) doc.outline.addItem('Contents');
  }

  // The policy itself.
  doc.addPage();
  const sectionHeading = (parent: Struct, entry: ContentsEntry, title: string): void => {
    keepSpace(heightOf(title, BOLD, 16, CONTENT_WIDTH) + 60);
    entry.page = currentPage() + 1;
    doc.outline.addItem(pdfSafe(entry.number ? `${entry.number}. ${title}` : title));
    const y = doc.y;
    const heading = doc.struct('H2');
    parent.add(heading);
    doc.font(BOLD).fontSize(16).fillColor(INK);
    if (entry.number)
      doc.text(pdfSafe(entry.number), MARGIN.left, y, {
        width: CLAUSE_INDENT - 4,
        lineGap: 2,
        structParent: heading,
        structType: 'Span',
      });
    const x = entry.number ? MARGIN.left + CLAUSE_INDENT : MARGIN.left;
    doc.text(pdfSafe(title), x, y, {
      width: CONTENT_WIDTH - (x - MARGIN.left),
      lineGap: 2,
      structParent: heading,
      structType: 'Span',
      destination: entry.destination,
    });
    heading.end();
    doc.x = MARGIN.left;
    doc.y += 10;
  };
  let entryIndex = 0;
  for (const section of policy.sections) {
    const sect = doc.struct('Sect');
    root.add(sect);
    sectionHeading(sect, entries[entryIndex++]!, section.title);
    for (const clause of section.clauses) {
      const firstParagraph = clause.paragraphs[0] ?? '';
      keepSpace(
        heightOf(clause.title, BOLD, 11, CONTENT_WIDTH - CLAUSE_INDENT) +
          Math.min(heightOf(firstParagraph, FONT, 11, CONTENT_WIDTH - CLAUSE_INDENT), 42) +
          8,
      );
      const y = doc.y;
      const heading = doc.struct('H3');
      sect.add(heading);
      doc.font(BOLD).fontSize(11).fillColor(INK);
      doc.text(pdfSafe(clause.number), MARGIN.left, y, {
        width: CLAUSE_INDENT - 4,
        lineGap: 2,
        structParent: heading,
        structType: 'Span',
      });
      doc.text(pdfSafe(clause.title), MARGIN.left + CLAUSE_INDENT, y, {
        width: CONTENT_WIDTH - CLAUSE_INDENT,
        lineGap: 2,
        structParent: heading,
        structType: 'Span',
        destination: clause.anchor,
      });
      heading.end();
      doc.y += 2;
      for (const paragraph of clause.paragraphs) text(sect, 'P', paragraph, { x: MARGIN.left + CLAUSE_INDENT, gap: 4 });
      doc.y += 6;
    }
    sect.end();
    doc.y += 10;
  }

  if (policy.relatedPolicies.length) {
    const sect = doc.struct('Sect');
    root.add(sect);
    sectionHeading(sect, entries[entryIndex++]!, 'Related policies');
    text(sect, 'P', 'Read this policy alongside these other policies of the school:', { gap: 6 });
    const list = doc.struct('L');
    sect.add(list);
    doc.font(FONT).fontSize(11).fillColor(INK);
    doc.list(policy.relatedPolicies.map(pdfSafe), MARGIN.left + 6, doc.y, {
      width: CONTENT_WIDTH - 6,
      lineGap: 2,
      bulletRadius: 2,
      textIndent: 14,
      structParent: list,
    });
    list.end();
    sect.end();
    doc.x = MARGIN.left;
    doc.y += 16;
  }

  if (policy.legislation.length) {
    const sect = doc.struct('Sect');
    root.add(sect);
    sectionHeading(sect, entries[entryIndex++]!, 'Law and guidance this policy relies on');
    for (const law of policy.legislation) {
      keepSpace(heightOf(law.title, BOLD, 11, CONTENT_WIDTH) + heightOf(law.why, FONT, 11, CONTENT_WIDTH - 14) + 8);
      text(sect, 'H3', law.title, { font: BOLD, gap: 1 });
      text(sect, 'P', law.why, { x: MARGIN.left + 14, gap: 8 });
    }
    sect.end();
    doc.y += 8;
  }

  if (history.length) {
    const sect = doc.struct('Sect');
    root.add(sect);
    sectionHeading(sect, entries[entryIndex++]!, 'Revision history');
    for (const entry of history) {
      const heading = `Version ${entry.number}`;
      const detail = [
        entry.approvedBy || entry.approvedOn
          ? `Approved${entry.approvedBy ? ` by ${entry.approvedBy}` : ''}${entry.approvedOn ? ` on ${formatDate(entry.approvedOn)}` : ''}.`
          : '',
        entry.effectiveFrom ? `In force from ${formatDate(entry.effectiveFrom)}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const summary = entry.changeSummary ? `Changes: ${entry.changeSummary}` : 'No summary of changes was recorded.';
      const consultation = entry.consultation ? `Consultation: ${entry.consultation}` : '';
      keepSpace(heightOf(heading, BOLD, 11, CONTENT_WIDTH) + heightOf(detail, FONT, 11, CONTENT_WIDTH - 14) + 24);
      text(sect, 'H3', heading, { font: BOLD, gap: 1 });
      if (detail) text(sect, 'P', detail, { x: MARGIN.left + 14, gap: 2 });
      text(sect, 'P', summary, { x: MARGIN.left + 14, gap: consultation ? 2 : 10 });
      if (consultation) text(sect, 'P', consultation, { x: MARGIN.left + 14, gap: 10 });
    }
    sect.end();
  }

  // Back to the reserved pages for the contents.
  const total = doc.bufferedPageRange().count;
  let contentsPage = firstContentsPage;
  doc.switchToPage(contentsPage);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
  text(toc, 'H2', 'Contents', { font: BOLD, size: 20, destination: 'contents', gap: 18 });
  entries.forEach((entry, i) => {
    if (doc.y + entryHeights[i]! > BOTTOM) {
      doc.switchToPage(++contentsPage);
      doc.y = MARGIN.top;
    }
    const item = doc.struct('TOCI');
    toc.add(item);
    const y = doc.y;
    doc.font(FONT).fontSize(12).fillColor(INK);
    if (entry.number)
      doc.text(pdfSafe(entry.number), MARGIN.left, y, { width: 30, lineGap: 2, structParent: item, structType: 'Lbl' });
    doc.fillColor('#1d70b8').text(pdfSafe(entry.label), MARGIN.left + 34, y, {
      width: entryWidth,
      lineGap: 2,
      goTo: entry.destination,
      structParent: item,
      structType: 'Reference',
    });
    doc.fillColor(INK).text(String(entry.page ?? ''), MARGIN.left + 34 + entryWidth, y, {
      width: 40,
      align: 'right',
      lineGap: 2,
      structParent: item,
      structType: 'Reference',
    });
    item.end();
    doc.y = y + entryHeights[i]!;
  });
  toc.end();

  // Running footer on every page.
  for (let i = 0; i < total; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 48;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .moveTo(MARGIN.left, y - 8)
      .lineTo(MARGIN.left + CONTENT_WIDTH, y - 8)
      .lineWidth(0.5)
      .strokeColor('#b1b4b6')
      .stroke();
    doc.font(FONT).fontSize(9).fillColor(SECONDARY);
    doc.text(pdfSafe(`${policy.title} · ${policy.ownerName} · ${versionLabel}`), MARGIN.left, y, {
      width: CONTENT_WIDTH - 90,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(`Page ${i + 1} of ${total}`, MARGIN.left + CONTENT_WIDTH - 90, y, {
      width: 90,
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottomMargin;
  }

  root.end();
  doc.end();
  return finished;
}
