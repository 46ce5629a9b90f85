/**
 * The id a message to the model worker carries, read without its schema (zod is not loaded yet where the
 * worker's entry refuses requests, and a malformed request still deserves a reply its sender can match):
 * -1 where there is none.
 */
export function requestId(data: unknown): number {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : -1;
}
