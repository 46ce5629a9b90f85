/** A generated block of a Markdown file: the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function markers(name: string): [start: string, end: string] {
  return [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
}

/** The block's current body, or null when the file has no such block. */
export function markedBody(text: string, name: string): string | null {
  const [start, end] = markers(name);
  const at = text.indexOf(start);
  const stop = text.indexOf(end);
  return at >= 0 && stop > at ? text.slice(at + start.length, stop).replace(/^\n/, '').replace(/\n$/, '') : null;
}

/** `text` with the block's body replaced by `body`; a loud error when the file has no such block. */
export function replaceMarked(text: string, name: string, body: string): string {
  const [start, end] = markers(name);
  const at = text.indexOf(start);
  const stop = text.indexOf(end);
  if (at < 0 || stop < at) throw new Error(`no ${start} … ${end} block to write into`);
  return `${text.slice(0, at)}${start}\n${body}\n${end}${text.slice(stop + end.length)}`;
}
