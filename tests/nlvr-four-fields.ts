/** NLVR lines (one JSON example each) with only the four fields every NLVR file has: sentence, identifier, label, structured_rep. */
export function fourFieldLines(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const { sentence, identifier, label, structured_rep } = JSON.parse(l) as Record<string, unknown>;
      return `${JSON.stringify({ sentence, identifier, label, structured_rep })}\n`;
    })
    .join('');
}
