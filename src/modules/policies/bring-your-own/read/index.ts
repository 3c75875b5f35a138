import { readDocx } from './docx.ts';
import { linesOfText, ReadRefusal, type SourceLine } from './lines.ts';
import { readPdf } from './pdf.ts';

export { ReadRefusal, type SourceLine } from './lines.ts';

/** The largest policy file taken; the upload is cut off here, so a bigger file is never read whole. */
export const MAX_POLICY_BYTES = 10 * 1024 * 1024;

export type PolicyFormat = 'docx' | 'pdf' | 'text' | 'pasted';

/** Which reader a file needs, from its name and its first bytes (a renamed file is caught by the reader). */
export function formatOf(fileName: string): PolicyFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'docx') return 'docx';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'txt' || ext === 'md') return 'text';
  return undefined;
}

/** Reads an uploaded policy file into lines, or refuses it with a message the person can act on. */
export async function readPolicyFile(
  fileName: string,
  bytes: Buffer,
  truncated = false,
): Promise<{ format: PolicyFormat; lines: SourceLine[] }> {
  if (truncated || bytes.length > MAX_POLICY_BYTES)
    throw new ReadRefusal('The file must be smaller than 10 MB. Save it without pictures, or paste the text instead');
  if (bytes.length === 0) throw new ReadRefusal('The file is empty. Choose the file your policy is saved in');
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'doc')
    throw new ReadRefusal('Older Word documents (.doc) cannot be read. Open it in Word and save it as a .docx');
  if (ext === 'odt')
    throw new ReadRefusal('OpenDocument files (.odt) cannot be read yet. Save it as a Word document (.docx) or a PDF');
  const format = formatOf(fileName);
  if (!format) throw new ReadRefusal('The file must be a Word document (.docx), a PDF, or a text file (.txt or .md)');
  const lines = format === 'docx' ? await readDocx(bytes) : format === 'pdf' ? await readPdf(bytes) : readText(bytes);
  if (!lines.some((l) => l.text.trim() !== ''))
    throw new ReadRefusal('The file has no text in it. Check it is the policy, or paste the text instead');
  return { format, lines };
}

function readText(bytes: Buffer): SourceLine[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\u0000'))
    throw new ReadRefusal('The file is not a text file. Upload a Word document, a PDF or a .txt file');
  return linesOfText(text);
}
