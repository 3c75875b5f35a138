import mammoth from 'mammoth';
import { unzipSync } from 'fflate';
import { ReadRefusal, type SourceLine } from './lines.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': '’', apos: '’' };
const decode = (html: string): string =>
  html
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(
      /&(#?\w+);/g,
      (whole, name: string) =>
        ENTITIES[name] ?? (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : whole),
    )
    .replace(/\s+/g, ' ')
    .trim();

/** True when the bytes are a zip holding a Word document (word/document.xml), before mammoth is asked. */
function isWordZip(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  try {
    const names = Object.keys(unzipSync(bytes, { filter: (file) => file.name === 'word/document.xml' }));
    return names.includes('word/document.xml');
  } catch {
    return false;
  }
}

/**
 * A Word document as lines: mammoth maps Heading 1–6 styles to <h1>–<h6> and Word lists to <li>,
 * so the file's own structure survives; paragraphs become lines.
 */
export async function readDocx(bytes: Buffer): Promise<SourceLine[]> {
  if (!isWordZip(bytes))
    throw new ReadRefusal(
      'The file is not a Word document (.docx). It may be another kind of file renamed; open it in Word and save it as a Word document',
    );
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch {
    throw new ReadRefusal('The Word document could not be read. It may be damaged; open it in Word and save it again');
  }
  // Walk the block tags: each opening or closing tag ends the text before it, which belongs to the
  // innermost open block (a list item holding a nested list keeps its own words as one line).
  const lines: SourceLine[] = [];
  const open: string[] = [];
  let last = 0;
  const flush = (until: number): void => {
    const text = decode(html.slice(last, until));
    const block = open.at(-1);
    if (text && block) {
      if (block.startsWith('h')) lines.push({ text, headingLevel: Number(block.slice(1)) });
      else lines.push({ text, ...(open.includes('li') ? { listItem: true } : {}) });
    }
  };
  for (const tag of html.matchAll(/<(\/?)(h[1-6]|p|li|ul|ol|table|tr|td|th)\b[^>]*>/g)) {
    flush(tag.index);
    last = tag.index + tag[0].length;
    if (tag[1]) open.pop();
    else open.push(tag[2]!);
  }
  flush(html.length);
  return lines;
}
