/**
 * RFC 4180 CSV: fields split by commas, records by CRLF or LF, a field in double quotes may hold
 * commas, line breaks and doubled quotes ("Soka""an" is Soka"an). idn-area-data has all three, so a
 * `split(',')` would shift columns for 17 villages and break the build in a way no one notices.
 *
 * Shared by the build plugin (scripts/area-data) and the tests that rank real data; the renderer
 * bundle never imports it, so it costs the kiosk nothing.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first header
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Rows as objects keyed by the header line, checking the columns a caller needs are there.
 * `file` names the source in errors, so a changed upstream format fails the build with a clue.
 */
export function csvRows<const C extends string>(text: string, file: string, columns: readonly C[]): Record<C, string>[] {
  const [header, ...records] = parseCsv(text);
  if (header === undefined) throw new Error(`${file}: empty`);
  const at = columns.map((column) => {
    const index = header.indexOf(column);
    if (index < 0) throw new Error(`${file}: no "${column}" column (found ${header.join(', ')})`);
    return index;
  });
  return records.flatMap((record, line) => {
    if (record.length === 1 && record[0] === '') return []; // blank line
    if (record.length !== header.length) throw new Error(`${file}:${line + 2}: ${record.length} fields, expected ${header.length}`);
    const row = {} as Record<C, string>;
    columns.forEach((column, c) => {
      row[column] = record[at[c] ?? 0] ?? '';
    });
    return [row];
  });
}
