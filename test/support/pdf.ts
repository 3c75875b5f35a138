// Reading a PDF without a PDF library: enough of the format to find pages and their text (as pdfkit
// writes them), shared by the tests that read the policy PDF and the governors' report back.
import zlib from 'node:zlib';

const WIN_ANSI: Record<number, string> = {
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x96: '–',
  0x97: '—',
  0x85: '…',
  0x95: '•',
  0x80: '€',
  0xb7: '·',
};

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = Number.parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI[code] ?? String.fromCharCode(code);
  }
  return out;
}

export interface PdfPage {
  lines: string[];
  text: string;
}

/** The pages of a PDF in order, each with its lines of text (one per text-showing operation). */
export function readPdf(pdf: Buffer): PdfPage[] {
  const source = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const streamAt = body.indexOf('stream');
    if (streamAt === -1) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const start =
      match.index! + match[0].indexOf(body) + streamAt + 'stream'.length + (body[streamAt + 6] === '\r' ? 2 : 1);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const raw = pdf.subarray(start, start + length);
    objects.set(Number(match[1]), { dict, stream: dict.includes('/FlateDecode') ? zlib.inflateSync(raw) : raw });
  }
  const catalogue = [...objects.values()].find((o) => /\/Type \/Pages\b/.test(o.dict))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(catalogue.dict)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return kids.map((id) => {
    const contents = Number(/\/Contents (\d+) 0 R/.exec(objects.get(id)!.dict)![1]);
    const ops = objects.get(contents)!.stream!.toString('latin1');
    const lines = [...ops.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\] TJ/g)].map((m) =>
      [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1]!)).join(''),
    );
    return { lines, text: lines.join(' ').replace(/\s+/g, ' ') };
  });
}

/** All the text of a PDF, page after page. */
export function pdfText(pdf: Buffer): string {
  return readPdf(pdf)
    .map((p) => p.text)
    .join(' ');
}
