// Rows to a CSV file the browser downloads (RFC 4180 quoting; a leading =, +, - or @ is defused for spreadsheets).

export function toCsv(columns, rows) {
  const lines = [columns.map(c => quote(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map(c => quote(c.csv ? c.csv(row) : c.value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function quote(v) {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], {type: 'text/csv;charset=utf-8'}));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
