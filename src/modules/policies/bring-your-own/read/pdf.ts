import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ReadRefusal, type SourceLine } from './lines.ts';

interface Item {
  str: string;
  transform: number[];
  height: number;
  hasEOL?: boolean;
}

/** A line's identity for spotting running headers and footers: digits stand for any page number. */
const runningKey = (text: string): string => text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
const PAGE_NUMBER = /^(page\s*)?\d{1,3}(\s*(of|\/)\s*\d{1,3})?$/i;

/**
 * Lines of one page from its text items: items sharing a baseline join into a line; a gap wider than
 * a line and a half between baselines is a paragraph break (an empty line).
 */
function pageLines(items: Item[]): string[] {
  const rows: { y: number; height: number; text: string }[] = [];
  for (const item of items) {
    if (item.str === '' && !item.hasEOL) continue;
    const y = item.transform[5]!;
    const row = rows.at(-1);
    if (row && Math.abs(row.y - y) < Math.max(2, row.height * 0.5)) {
      row.text += item.str;
    } else rows.push({ y, height: item.height || 10, text: item.str });
  }
  const lines: string[] = [];
  let previous: { y: number; height: number } | undefined;
  for (const row of rows) {
    const text = row.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    if (previous && previous.y - row.y > previous.height * 1.6) lines.push('');
    lines.push(text);
    previous = row;
  }
  return lines;
}

/**
 * A PDF's text layer as lines, with running headers, footers and page numbers removed: a line found
 * on most pages (digits ignored) at the top or bottom of a page is the page's furniture, not the
 * policy. A PDF without a text layer (a scan) is refused with a way forward.
 */
export async function readPdf(bytes: Buffer): Promise<SourceLine[]> {
  if (bytes.subarray(0, 1024).indexOf('%PDF-') === -1)
    throw new ReadRefusal('The file is not a PDF. It may be another kind of file renamed');
  let pdf: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    pdf = await getDocument({
      data: new Uint8Array(bytes),
      useSystemFonts: false,
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if ((error as { name?: string }).name === 'PasswordException')
      throw new ReadRefusal(
        'The PDF is protected by a password. Save a copy without the password, or upload the Word document instead',
      );
    throw new ReadRefusal('The PDF could not be read. It may be damaged; save it again, or upload the Word document');
  }
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageLines(content.items.filter((i) => 'str' in i) as Item[]));
      page.cleanup();
    }
    const words = pages.flat().join(' ').trim();
    if (words.replace(/\W/g, '').length < 20)
      throw new ReadRefusal(
        'The PDF has no text in it: it looks like a scan, a picture of the pages. Upload the Word document instead, or save the PDF again from Word',
      );
    return withoutRunningLines(pages).map((text) => ({ text }));
  } catch (error) {
    if (error instanceof ReadRefusal) throw error;
    throw new ReadRefusal('The PDF could not be read. It may be damaged; save it again, or upload the Word document');
  } finally {
    await pdf.destroy();
  }
}

/** Pages joined into one list of lines, without the lines that repeat at the edges of the pages. */
export function withoutRunningLines(pages: string[][]): string[] {
  const edge = (lines: string[]): string[] => {
    const filled = lines.filter((l) => l !== '');
    return [...filled.slice(0, 2), ...filled.slice(-2)];
  };
  const seen = new Map<string, number>();
  for (const lines of pages)
    for (const key of new Set(edge(lines).map(runningKey))) seen.set(key, (seen.get(key) ?? 0) + 1);
  const running = new Set(
    pages.length >= 2 ? [...seen].filter(([, n]) => n >= Math.max(2, pages.length * 0.5)).map(([k]) => k) : [],
  );
  const out: string[] = [];
  for (const lines of pages) {
    const edges = new Set(edge(lines));
    for (const line of lines) {
      if (edges.has(line) && (running.has(runningKey(line)) || PAGE_NUMBER.test(line))) continue;
      out.push(line);
    }
    out.push('');
  }
  return out;
}
