/**
 * Writes sample-policy.docx (the file the demo user can try at /policy/import/sample.docx) from
 * sample-policy.txt: "#" lines become Word headings, the rest paragraphs. The .docx is committed, so
 * the app needs neither this script nor the docx package (a dev dependency) to serve it.
 *   node --import tsx scripts/make-sample-policy.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

const text = readFileSync(new URL('../src/modules/policies/bring-your-own/sample/sample-policy.txt', import.meta.url), 'utf8');
const children = text
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => {
    const heading = /^(#{1,2})\s+(.*)$/.exec(line);
    if (!heading) return new Paragraph({ text: line });
    return new Paragraph({
      text: heading[2]!,
      heading: heading[1] === '#' ? HeadingLevel.TITLE : HeadingLevel.HEADING_1,
    });
  });
writeFileSync(
  new URL('../src/modules/policies/bring-your-own/sample/sample-policy.docx', import.meta.url),
  await Packer.toBuffer(new Document({ sections: [{ children }] })),
);
