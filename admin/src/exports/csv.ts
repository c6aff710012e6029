/** One column of an export: its heading and how a record fills it. */
export interface Column {
  label: string;
  value: (record: any) => unknown;
}

/**
 * A cell as CSV (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet
 * would run as a formula (starting with =, +, -, @) is prefixed with an apostrophe; numbers are not.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const csvRows = (columns: Column[], records: any[]) => records.map((record) => csvLine(columns.map((column) => column.value(record)))).join('');
