// The governors' report as a PDF a clerk can attach to the papers (GOV-1), made as the policy's PDF
// is (policies/publish/pdf.ts): pdfkit with the built-in fonts, tagged for screen readers, headers
// and footers marked as artefacts, "Page N of M" on every page. Figures are tables, not pictures.
import PDFDocument from 'pdfkit';
import { pdfSafe } from '../../policies/publish/pdf.ts';
import { longDate } from '../../../platform/calendar/date-range.ts';
import type { PresentedReport, ReportTable } from './present.ts';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 80, left: 56, right: 56 };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const INK = '#0b0c0c';
const SECONDARY = '#505a5f';
const RULE = '#b1b4b6';

export async function renderReportPdf(report: PresentedReport, generatedOn: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: pdfSafe(`${report.title}: ${report.scopeName}, ${report.period}`),
      Author: pdfSafe(report.scopeName),
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

  const text = (
    parent: PDFKit.PDFStructureElement,
    type: string,
    value: string,
    o: { font?: string; size?: number; color?: string; gap?: number } = {},
  ) => {
    doc
      .font(o.font ?? FONT)
      .fontSize(o.size ?? 11)
      .fillColor(o.color ?? INK);
    doc.text(pdfSafe(value), MARGIN.left, doc.y, { width: WIDTH, lineGap: 2, structParent: parent, structType: type });
    if (o.gap) doc.y += o.gap;
  };
  const keepSpace = (needed: number) => {
    if (doc.y + needed > BOTTOM) doc.addPage();
  };

  text(root, 'P', report.scopeName, { size: 14, color: SECONDARY, gap: 4 });
  text(root, 'H1', report.title, { font: BOLD, size: 24, gap: 6 });
  text(root, 'P', report.period, { size: 13, gap: 6 });
  text(
    root,
    'P',
    `Produced by Postwarden on ${longDate(generatedOn)}. Figures only: no pupil is named in this report.`,
    {
      size: 10,
      color: SECONDARY,
      gap: 18,
    },
  );

  const table = (parent: PDFKit.PDFStructureElement, t: ReportTable) => {
    keepSpace(60);
    text(parent, 'Caption', t.caption, { font: BOLD, size: 11, gap: 4 });
    if (!t.rows.length) {
      text(parent, 'P', 'None in this period.', { color: SECONDARY, gap: 10 });
      return;
    }
    const first = t.head.length > 4 ? WIDTH * 0.3 : WIDTH * 0.5;
    const rest = (WIDTH - first) / Math.max(1, t.head.length - 1);
    const widths = t.head.map((_, i) => (i === 0 ? first : rest));
    const el = doc.struct('Table');
    parent.add(el);
    const row = (cells: (string | number)[], header: boolean) => {
      const size = 9.5;
      doc.font(header ? BOLD : FONT).fontSize(size);
      // Short cells take one line; only longer text is measured (measuring every cell doubled the time).
      const line = doc.currentLineHeight(true) + 1;
      const height = Math.max(
        line,
        ...cells.map((c, i) => {
          const text = String(c);
          return text.length * size * 0.62 < widths[i]! - 6
            ? line
            : doc.heightOfString(pdfSafe(text), { width: widths[i]! - 6, lineGap: 1 });
        }),
      );
      keepSpace(height + 8);
      const y = doc.y;
      const tr = doc.struct('TR');
      el.add(tr);
      let x = MARGIN.left;
      cells.forEach((c, i) => {
        const cell = doc.struct(header ? 'TH' : 'TD');
        tr.add(cell);
        doc
          .font(header ? BOLD : FONT)
          .fontSize(size)
          .fillColor(INK)
          .text(pdfSafe(String(c)), x, y, {
            width: widths[i]! - 6,
            lineGap: 1,
            align: i === 0 || typeof c === 'string' ? 'left' : 'right',
            structParent: cell,
            structType: 'P',
          });
        cell.end();
        x += widths[i]!;
      });
      tr.end();
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .moveTo(MARGIN.left, y + height + 3)
        .lineTo(MARGIN.left + WIDTH, y + height + 3)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.endMarkedContent();
      doc.x = MARGIN.left;
      doc.y = y + height + 7;
    };
    row(t.head, true);
    for (const r of t.rows) row(r, false);
    el.end();
    doc.y += 10;
  };

  for (const section of report.sections) {
    const sect = doc.struct('Sect');
    root.add(sect);
    keepSpace(90);
    doc.outline.addItem(pdfSafe(section.title));
    text(sect, 'H2', section.title, { font: BOLD, size: 16, gap: 6 });
    for (const line of section.lines) text(sect, 'P', line, { gap: 6 });
    doc.y += 4;
    for (const t of section.tables) table(sect, t);
    sect.end();
    doc.y += 8;
  }

  const total = doc.bufferedPageRange().count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 48;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font(FONT).fontSize(9).fillColor(SECONDARY);
    doc.text(pdfSafe(`${report.scopeName} · ${report.period}`), MARGIN.left, y, {
      width: WIDTH - 90,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(`Page ${i + 1} of ${total}`, MARGIN.left + WIDTH - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  root.end();
  doc.end();
  return finished;
}
