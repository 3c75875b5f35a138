/**
 * What every reader hands on: the document as lines of text, with what the file itself says about
 * each (a Word heading style and its level, a list item). Splitting works from these alone.
 */
export interface SourceLine {
  text: string;
  /** A Word heading style (Heading 1 = 1…); absent for files that carry no styles. */
  headingLevel?: number;
  /** A list item in the file (a Word bullet or automatic number). */
  listItem?: boolean;
}

/** Why a file could not be read, in words for the person who sent it. */
export class ReadRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadRefusal';
  }
}

/** Plain text (a .txt or .md file, or text pasted into the box) as lines; Markdown headings keep their level. */
export function linesOfText(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const heading = /^(#{1,6})\s+(.+)$/.exec(line.trim());
    if (heading) lines.push({ text: heading[2]!.trim(), headingLevel: heading[1]!.length });
    else lines.push({ text: line.replace(/\*\*/g, '') });
  }
  return lines;
}
