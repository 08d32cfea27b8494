/** A new Idempotency-Key: 128 random bits as hex. crypto.getRandomValues
 *  works on plain http too, where crypto.randomUUID does not exist. */
export function newIdempotencyKey(prefix = 'sgz'): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return prefix + '-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
