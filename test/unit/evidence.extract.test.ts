import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractText, MAX_PDF_PAGES, MAX_TEXT_LENGTH, TEXT_CUT_MARK } from '../../server/evidence/extractText.ts';

// extractText on the bodies a capture meets: a vendor's results table, a paper's PDF, a price list,
// a models.dev TOML file, plain and latin1 text; and bodies with no text to check, which must come
// back UNCHECKABLE with a reason (never an exception).

const fixture = (name: string) => readFileSync(new URL(`../fixtures/evidence/${name}`, import.meta.url));
const site = 'https://vendor.example';

/** A valid PDF of `count` pages sharing one content stream, with its cross-reference table. */
function pdfWithPages(count: number): Buffer {
  const content = 'BT /F1 12 Tf 72 720 Td (Page text 81.4%) Tj ET';
  const kids = Array.from({ length: count }, (_, i) => `${i + 5} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...Array.from({ length: count }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>'),
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

describe('extractText', () => {
  it('keeps an HTML table row on one line with its numbers, without scripts, styles, links or images', async () => {
    const page = await extractText(fixture('vendor.html'), 'text/html; charset=utf-8', `${site}/index/introducing-o3-and-o4-mini`);
    expect(page.format).toBe('HTML');
    const lines = (page.text ?? '').split('\n');
    expect(lines).toContain('GPQA Diamond (no tools) | 81.4% | 83.3%');
    expect(lines).toContain('Benchmark | o4-mini | o3');
    expect(lines).toContain('Introducing o3 and o4-mini');
    expect(page.text).toContain('Prices start at $1.10 per million input tokens.');
    // Script, style, noscript and svg text, link targets and image URLs are not the page's text.
    for (const absent of ['99.9', 'border-collapse', '42 charts', '77.7', 'example.com', 'chart-2025', '2025/04/16']) expect(page.text).not.toContain(absent);
  });

  it('leaves out what a reader does not see or sees struck out', async () => {
    const page = await extractText(
      Buffer.from(
        '<p>scored <span style="display:none">88.8%</span><span hidden>77.7</span><span aria-hidden="true">66.6</span>' +
          '<del>55.5</del><s>44.4</s><select><option>33.3</option></select><textarea>22.2</textarea>' +
          '<span style="visibility: hidden">11.1</span><span style="font-size:0">99.9</span><bdo dir="rtl">81.4</bdo> 21.3%</p>',
      ),
      'text/html',
      `${site}/hidden.html`,
    );
    expect(page.text).toBe('scored 21.3%');
  });

  it('finds the sentence in a PDF paper', async () => {
    const paper = await extractText(fixture('paper.pdf'), 'application/pdf', `${site}/paper.pdf`);
    expect(paper).toEqual({ format: 'PDF', text: expect.stringContaining('Our model reaches 81.4% on GPQA Diamond without tools.') });
    // Known by its bytes too, whatever the server calls it.
    expect((await extractText(fixture('paper.pdf'), 'application/octet-stream', `${site}/download?id=7`)).format).toBe('PDF');
    expect((await extractText(fixture('paper.pdf'), 'text/html', `${site}/paper`)).format).toBe('PDF');
  });

  it('keeps JSON, TOML and plain text as they are', async () => {
    expect(await extractText(fixture('prices.json'), 'application/json', `${site}/api/prices`)).toEqual({ format: 'JSON', text: fixture('prices.json').toString() });
    expect(await extractText(fixture('model.toml'), 'text/plain; charset=utf-8', `${site}/providers/openai/models/o4-mini.toml`)).toEqual({
      format: 'TOML',
      text: fixture('model.toml').toString(),
    });
    expect(await extractText(fixture('notes.txt'), 'text/plain', `${site}/notes`)).toEqual({ format: 'TEXT', text: fixture('notes.txt').toString() });
  });

  it('decides from the extension, then from the first characters, when the content type says nothing', async () => {
    expect((await extractText(fixture('model.toml'), null, `${site}/o4-mini.toml`)).format).toBe('TOML');
    expect((await extractText(fixture('prices.json'), 'application/octet-stream', `${site}/download`)).format).toBe('JSON');
    expect((await extractText(fixture('vendor.html'), null, `${site}/`)).format).toBe('HTML');
    expect(await extractText(fixture('notes.txt'), null, `${site}/`)).toMatchObject({ format: 'TEXT' });
  });

  it('decodes the charset the content type or the page names', async () => {
    const latin1 = await extractText(fixture('latin1.txt'), 'text/plain; charset=ISO-8859-1', `${site}/fr`);
    expect(latin1).toEqual({ format: 'TEXT', text: 'Café crème: précision 81,4 % ± 0,3 sur GPQA.\n' });
    const windows = await extractText(Buffer.from([0x93, 0x38, 0x31, 0x2e, 0x34, 0x25, 0x94]), 'text/plain; charset="windows-1252"', `${site}/q`);
    expect(windows.text).toBe('“81.4%”');
    const html = Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>Pr\xe9cision: 81,4 %</p></body></html>', 'latin1');
    expect((await extractText(html, 'text/html', `${site}/`)).text).toBe('Précision: 81,4 %');
    // An unknown charset falls back to UTF-8 rather than failing.
    expect((await extractText(Buffer.from('81.4%'), 'text/plain; charset=x-unknown', `${site}/`)).text).toBe('81.4%');
  });

  it('answers UNCHECKABLE, with a reason, for bodies without text', async () => {
    const cases: [string, Buffer, string | null, string][] = [
      ['malformed PDF', fixture('malformed.pdf'), 'application/pdf', `${site}/broken.pdf`],
      ['a "PDF" that is not one', Buffer.from('<html>moved</html>'), 'application/pdf', `${site}/paper.pdf`],
      ['truncated PDF', fixture('paper.pdf').subarray(0, 200), 'application/pdf', `${site}/cut.pdf`],
      ['image', fixture('pixel.png'), 'image/png', `${site}/chart.png`],
      ['image sent as octet-stream', fixture('pixel.png'), 'application/octet-stream', `${site}/chart`],
      ['binary', fixture('blob.bin'), 'application/octet-stream', `${site}/blob`],
      ['binary with no type', fixture('blob.bin'), null, `${site}/blob`],
      ['text sent as octet-stream', Buffer.from('81.4%'), 'application/octet-stream', `${site}/download`],
      ['empty', Buffer.alloc(0), 'text/html', `${site}/`],
      ['whitespace only', Buffer.from(' \n\t\r\n '), 'text/plain', `${site}/`],
      ['a page drawn by scripts', Buffer.from('<html><body><div id="root"></div><script>render(81.4)</script></body></html>'), 'text/html', `${site}/`],
      ['zip', Buffer.from('PK\x03\x04 rest'), 'application/zip', `${site}/data.zip`],
    ];
    for (const [name, body, type, url] of cases) {
      const result = await extractText(body, type, url);
      expect(result, name).toMatchObject({ format: 'UNCHECKABLE', text: null });
      expect(result.format === 'UNCHECKABLE' && result.reason, name).toMatch(/^The .+\.$/);
    }
  });

  it('does not read a PDF past the page cap', async () => {
    const long = await extractText(pdfWithPages(MAX_PDF_PAGES + 1), 'application/pdf', `${site}/long.pdf`);
    expect(long).toMatchObject({ format: 'UNCHECKABLE', reason: expect.stringContaining(`${MAX_PDF_PAGES + 1} pages`) });
    expect((await extractText(pdfWithPages(3), 'application/pdf', `${site}/short.pdf`)).text).toContain('Page text 81.4%');
  });

  it('caps the text', async () => {
    const long = await extractText(Buffer.from('8'.repeat(MAX_TEXT_LENGTH + 10)), 'text/plain', `${site}/long.txt`);
    // Cut, and marked where: a number past the cut is "not searched", never "not there".
    expect(long.text).toBe(`${'8'.repeat(MAX_TEXT_LENGTH)}\n${TEXT_CUT_MARK}`);
  });
});
