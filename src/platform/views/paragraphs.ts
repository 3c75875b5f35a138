/**
 * Long text a person typed, as HTML paragraphs: blank lines start a new paragraph, single line breaks
 * are kept, everything is escaped. Used instead of `white-space: pre-wrap`, which also shows the
 * template's own indentation around the text.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function paragraphsHtml(text: string, className = 'govuk-body'): string {
  const clean = text.replace(/\r\n?/g, '\n').trim();
  if (!clean) return '';
  return clean
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map(
      (paragraph) => `<p class="${className}">${escapeHtml(paragraph.trim()).replace(/[ \t]*\n[ \t]*/g, '<br>')}</p>`,
    )
    .join('');
}
