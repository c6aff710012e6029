import { TableCell, useMediaQuery, type Theme } from '@mui/material';
import { Children, forwardRef, isValidElement, type ReactElement } from 'react';
import { DataTableRow, FieldTitle, useResourceContext, type DataTableRowProps } from 'react-admin';

/** Phone widths, where a list's rows become cards (the theme's RaDataTable styles lay them out). */
export const usePhoneWidth = () => useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));

export const phoneLabelClass = 'SourcedDataTable-phoneLabel';

interface ColumnProps {
  label?: unknown;
  source?: string;
}

/**
 * Every DataTable's row (set in the theme). On a phone the column headers are hidden and each value
 * comes after a header cell of its own ("Provider  OpenAI"), so a row reads as a card of label and
 * value pairs, with every column and button of the desktop table, and no sideways scrolling.
 * On wider screens it is react-admin's row, unchanged.
 */
export const PhoneDataTableRow = forwardRef<HTMLTableRowElement, DataTableRowProps>(({ children, ...props }, ref) => {
  const phone = usePhoneWidth();
  const resource = useResourceContext();
  if (!phone) {
    return (
      <DataTableRow ref={ref} {...props}>
        {children}
      </DataTableRow>
    );
  }
  return (
    <DataTableRow ref={ref} {...props}>
      {Children.map(children, (column) => {
        if (!isValidElement(column)) return column;
        const { label, source } = (column as ReactElement<ColumnProps>).props;
        const named = label !== '' && label !== false && (label != null || source != null);
        return (
          <>
            {named && (
              <TableCell component="th" scope="row" variant="head" className={phoneLabelClass}>
                <FieldTitle label={label as string | undefined} source={source} resource={resource} />
              </TableCell>
            )}
            {column}
          </>
        );
      })}
    </DataTableRow>
  );
});
PhoneDataTableRow.displayName = 'PhoneDataTableRow';
