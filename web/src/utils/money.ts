// Money is kept in fen (分, integers) by the server and shown and typed
// in yuan (元) with two decimals.

/** 1234567 → "12,345.67" (fen to yuan); "—" when there is none. */
export function fmtYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${yuan}.${cents}`;
}

/** Yuan as typed (up to 2 decimals) to fen; undefined stays undefined. */
export function toFen(yuan: number | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return undefined;
  return Math.round(yuan * 100);
}

/** Fen to yuan for an input box. */
export function toYuan(fen: number | null | undefined): number | undefined {
  if (fen === null || fen === undefined) return undefined;
  return fen / 100;
}
