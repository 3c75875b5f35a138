/**
 * The folded stream of the last text checked, shared by every word-list rule. Its arrays are reused
 * from one text to the next (a check runs many times as someone writes), so a stream from here is
 * only good until the next text is checked.
 */
import { Builder, buildStream, type Stream } from './stream.ts';

const scratch = new Builder(4096);
let memo: { text: string; stream: Stream } | undefined;

export function streamOf(text: string): Stream {
  if (memo && memo.text === text) return memo.stream;
  const stream = buildStream(text, true, scratch);
  memo = { text, stream };
  return stream;
}
