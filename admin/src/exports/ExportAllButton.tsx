import DownloadIcon from '@mui/icons-material/GetApp';
import { useState } from 'react';
import { Button, useDataProvider, useListContext, useNotify } from 'react-admin';
import { type Column, csvLine, csvRows } from './csv';
import { exportColumns, fallbackColumns } from './columns';

/** Rows asked for per request: the API's largest page. */
const pageSize = 100;

function download(parts: string[], filename: string) {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Exports every row of the list as filtered (not only the page shown, nor the first 100), as CSV with
 * readable columns: it pages through the API 100 rows a request, writing each page as it arrives, and
 * says how many rows it wrote (and when that differs from the list's total, that the list changed).
 */
export const ExportAllButton = () => {
  const { resource, filterValues, sort, total } = useListContext();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const [progress, setProgress] = useState<number | null>(null);

  const run = async () => {
    setProgress(0);
    try {
      // A byte-order mark, so that spreadsheet programs read the file as UTF-8.
      const parts: string[] = ['\uFEFF'];
      let columns: Column[] | undefined = exportColumns[resource];
      let written = 0;
      let expected: number | undefined;
      for (let page = 1; ; page++) {
        const result = await dataProvider.getList(resource, { pagination: { page, perPage: pageSize }, sort, filter: filterValues });
        if (page === 1) {
          columns ??= fallbackColumns(result.data[0]);
          parts.push(csvLine(columns.map((column) => column.label)));
          expected = result.total;
        }
        parts.push(csvRows(columns!, result.data));
        written += result.data.length;
        setProgress(written);
        const more = result.pageInfo ? result.pageInfo.hasNextPage : expected !== undefined ? written < expected : result.data.length === pageSize;
        if (!more || result.data.length === 0) break;
      }
      const filename = `${resource}-${new Date().toISOString().slice(0, 10)}.csv`;
      download(parts, filename);
      if (expected !== undefined && written !== expected) {
        notify(`Exported ${written} rows to ${filename}; the list held ${expected} when the export began (it changed meanwhile).`, { type: 'warning' });
      } else {
        notify(`Exported all ${written} rows to ${filename}.`, { type: 'info' });
      }
    } catch (error) {
      notify(`The export stopped: ${(error as Error).message}`, { type: 'error' });
    } finally {
      setProgress(null);
    }
  };

  const label = progress === null ? 'Export all (CSV)' : `Exporting… ${progress}${typeof total === 'number' ? ` of ${total}` : ''}`;
  return (
    <Button label={label} onClick={run} disabled={progress !== null || total === 0}>
      <DownloadIcon />
    </Button>
  );
};
