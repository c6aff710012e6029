import { type BlockTextBuilder, compile, type DomNode, type RecursiveCallback } from 'html-to-text';
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';

// The text of a captured page, for finding a cited number in it. Numbers must survive with their
// context: a table row stays on one line ("GPQA Diamond | 81.4% | 83.3%"), a PDF's words in order.

export type TextFormat = 'HTML' | 'PDF' | 'JSON' | 'TOML' | 'TEXT';
export type ExtractedText = { format: TextFormat; text: string } | { format: 'UNCHECKABLE'; text: null; reason: string };

/** Longer text is cut: beyond it a page is not a source one reads for a number anyway. */
export const MAX_TEXT_LENGTH = 5_000_000;
/** Left in the text where the extractor stopped reading (nesting too deep, text too long): a number not found may be past it. */
export const TEXT_CUT_MARK = '[text cut here: the rest of the page was not read]';
/** Longer PDFs are not read (text extraction of each page costs time and memory). */
export const MAX_PDF_PAGES = 300;

const uncheckable = (reason: string): ExtractedText => ({ format: 'UNCHECKABLE', text: null, reason });

/**
 * Reads a body as HTML, PDF, JSON, TOML or plain text, chosen from (in order) magic bytes that
 * cannot lie (%PDF-, image signatures), the content type, the URL's extension, then the body's
 * first characters. Never throws: a body with no text to read is UNCHECKABLE with the reason.
 */
export async function extractText(body: Buffer, contentType: string | null, url: string): Promise<ExtractedText> {
  if (body.length === 0) return uncheckable('The body is empty.');
  const { type, charset } = parseContentType(contentType);
  const format = formatOf(body, type, extensionOf(url));
  if (typeof format !== 'string') return uncheckable(format.reason);
  try {
    const text = format === 'PDF' ? await pdfText(body) : decodeText(body, format === 'HTML' ? (charset ?? metaCharset(body)) : charset);
    if (typeof text !== 'string') return uncheckable(text.reason);
    const readable = format === 'HTML' ? htmlText(text) : text;
    if (!readable.trim()) return uncheckable(format === 'HTML' ? 'The page has no text (it may be drawn by scripts).' : 'The body has no text.');
    return { format, text: capText(readable) };
  } catch (error) {
    // A hostile page (nesting deep enough to overflow the stack, say) is unreadable, not an outage.
    return uncheckable(`The ${format} body could not be read (${messageOf(error)}).`);
  }
}

const messageOf = (error: unknown) => ((error as Error | null)?.message || 'unknown error').replace(/\.$/, '');

function parseContentType(contentType: string | null): { type: string | null; charset: string | null } {
  if (!contentType) return { type: null, charset: null };
  const [type, ...parameters] = contentType.split(';');
  const charset = parameters.map((parameter) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(parameter)?.[1]).find(Boolean);
  return { type: type!.trim().toLowerCase() || null, charset: charset ?? null };
}

function extensionOf(url: string): string | null {
  try {
    return /\.([a-z0-9]{1,8})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? null;
  } catch {
    return null;
  }
}

type Decision = TextFormat | { reason: string };

const extensionFormats: Record<string, TextFormat> = {
  pdf: 'PDF',
  html: 'HTML',
  htm: 'HTML',
  xhtml: 'HTML',
  json: 'JSON',
  toml: 'TOML',
  txt: 'TEXT',
  md: 'TEXT',
  csv: 'TEXT',
  tsv: 'TEXT',
};

const imageSignatures = [
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from('GIF8'),
  Buffer.from('RIFF'), // WebP (and other RIFF media)
];

function formatOf(body: Buffer, type: string | null, extension: string | null): Decision {
  // A PDF may carry junk before its header (the format allows 1 KiB), and servers mislabel them.
  if (body.subarray(0, 1024).includes('%PDF-')) return 'PDF';
  if (imageSignatures.some((signature) => body.subarray(0, signature.length).equals(signature))) return { reason: 'The body is an image.' };
  const fromType = type ? formatOfType(type) : null;
  if (fromType && typeof fromType !== 'string') return fromType;
  // text/plain is what raw file hosts send for every file: the extension says more.
  const fromExtension = extension && Object.hasOwn(extensionFormats, extension) ? extensionFormats[extension]! : null;
  if (fromType === 'TEXT' && (fromExtension === 'JSON' || fromExtension === 'TOML')) return fromExtension;
  if (fromType) return fromType;
  if (fromExtension && fromExtension !== 'PDF') return fromExtension;
  if (fromExtension === 'PDF') return { reason: 'The body is not a PDF, though the URL names one.' };
  if (looksBinary(body)) return { reason: `The body is binary data${type ? ` (${type})` : ''}.` };
  const start = body.subarray(0, 1024).toString('latin1').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /<(head|body)[\s>]/.test(start)) return 'HTML';
  if ((start.startsWith('{') || start.startsWith('[')) && isJson(body)) return 'JSON';
  if (type === 'application/octet-stream' || type === 'binary/octet-stream') return { reason: `The body is sent as ${type}, with nothing to say what it is.` };
  return 'TEXT';
}

/** The format a media type names, a reason when it names something without text, or null when it says nothing. */
function formatOfType(type: string): Decision | null {
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'HTML';
  if (type === 'application/pdf' || type === 'application/x-pdf') return 'PDF';
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'JSON';
  if (type === 'application/toml' || type === 'text/toml' || type === 'application/x-toml') return 'TOML';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml')) return 'TEXT';
  if (/^(image|audio|video|font|model)\//.test(type) || /zip|compressed|tar|wasm|msword|officedocument|ms-excel/.test(type)) {
    return { reason: `The body is ${type}, which has no text to read.` };
  }
  return null;
}

/** NUL bytes in the first 8 KiB: no text format has them (UTF-16 text is out of scope). */
const looksBinary = (body: Buffer) => body.subarray(0, 8192).includes(0);

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The charset an HTML page declares in a <meta> tag near its start, when the content type names none. */
function metaCharset(body: Buffer): string | null {
  const head = body.subarray(0, 4096).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
}

/** The body as text in its charset (UTF-8 when none or an unknown one is named); a BOM wins. */
function decodeText(body: Buffer, charset: string | null): string | { reason: string } {
  if (looksBinary(body)) return { reason: 'The body is binary data, not text.' };
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  // Node 20 decodes windows-1252 (which latin1 and iso-8859-1 also name) as bare latin1: 0x80–0x9F
  // come out as control characters instead of “ ” – € and the like.
  if (decoder.encoding === 'windows-1252') return body.toString('latin1').replace(/[\x80-\x9f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80]!);
  return decoder.decode(body);
}

/** windows-1252's characters for 0x80–0x9F (the five it leaves undefined stay as they are, as browsers do). */
const windows1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function capText(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  // Not between the two halves of a surrogate pair.
  const end = /[\uDC00-\uDFFF]/.test(text[MAX_TEXT_LENGTH]!) ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
  return `${text.slice(0, end)}\n${TEXT_CUT_MARK}`;
}

/** A table as one line per row, cells joined by " | ", so a number stays beside its row's label. */
function formatRowsTable(elem: DomNode, walk: RecursiveCallback, builder: BlockTextBuilder) {
  builder.openTable();
  const walkTable = (node: DomNode) => {
    if (node.type !== 'tag') return;
    if (node.name === 'thead' || node.name === 'tbody' || node.name === 'tfoot') return node.children?.forEach(walkTable);
    if (node.name !== 'tr') return;
    builder.openTableRow();
    for (const cell of node.children ?? []) {
      if (cell.type !== 'tag' || (cell.name !== 'td' && cell.name !== 'th')) continue;
      builder.openTableCell();
      walk(cell.children, builder);
      builder.closeTableCell();
    }
    builder.closeTableRow();
  };
  elem.children?.forEach(walkTable);
  builder.closeTable({
    tableToString: (rows) =>
      rows
        .map((cells) => cells.map((cell) => cell.text.replace(/\s+/g, ' ').trim()).join(' | '))
        .filter((row) => row.replace(/[\s|]/g, ''))
        .join('\n'),
    leadingLineBreaks: 1,
    trailingLineBreaks: 1,
  });
}

const skipped = [
  'script', 'style', 'noscript', 'svg', 'template', 'iframe', 'object', 'img', 'picture', 'video', 'audio', 'canvas',
  // What a reader does not see, or sees struck out or as a choice, is not what the page says.
  '[hidden]', '[aria-hidden="true"]', 'del', 's', 'strike', 'select', 'option', 'textarea', 'bdo[dir="rtl"]',
  ...['display:none', 'display: none', 'visibility:hidden', 'visibility: hidden', 'font-size:0', 'font-size: 0'].map((style) => `[style*="${style}"]`),
];

const htmlText = compile({
  wordwrap: false,
  // Deeper nesting is cut rather than recursed into (a hostile page could overflow the stack).
  limits: { maxDepth: 400, ellipsis: ` ${TEXT_CUT_MARK} ` },
  formatters: { rowsTable: formatRowsTable },
  selectors: [
    ...skipped.map((selector) => ({ selector, format: 'skip' })),
    // Link targets are not the page's text; a URL's digits would look like numbers.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'table', format: 'rowsTable' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

/** A PDF's text, all pages merged; a PDF that does not parse is a reason, never an exception. */
async function pdfText(body: Buffer): Promise<string | { reason: string }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // A copy: PDF.js takes the bytes over (it may detach them), and it refuses Node's Buffer.
    pdf = await getDocumentProxy(new Uint8Array(body), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
    if (pdf.numPages > MAX_PDF_PAGES) return { reason: `The PDF has ${pdf.numPages} pages; at most ${MAX_PDF_PAGES} are read.` };
    const { text } = await extractPdfText(pdf, { mergePages: true });
    if (!text.trim()) return { reason: 'The PDF has no text layer (a scan?).' };
    return text;
  } catch (error) {
    const name = (error as Error | null)?.name;
    if (name === 'PasswordException') return { reason: 'The PDF is encrypted.' };
    return { reason: `The PDF could not be read (${messageOf(error)}).` };
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
}
