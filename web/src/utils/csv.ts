// A CSV file built in the browser, as Excel, WPS and LibreOffice open it in
// Chinese: UTF-8 with a byte-order mark, CRLF line ends, every cell quoted
// when it holds a comma, a quote or a line break; a cell that starts with
// = + - @ (a formula to a spreadsheet) gets a leading apostrophe.
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function csvFile(rows: unknown[][]): Blob {
  const text = rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return new Blob(['\uFEFF' + text], { type: 'text/csv;charset=utf-8' });
}

/** Offers a Blob as a download named name. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
