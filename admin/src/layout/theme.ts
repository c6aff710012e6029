import type { Theme } from '@mui/material';
import { defaultTheme, type RaThemeOptions } from 'react-admin';
import { PhoneDataTableRow, phoneLabelClass } from './PhoneDataTableRow';

/**
 * The editors' app theme: react-admin's, with colours that keep text at 4.5:1 or more (MUI's
 * default warning orange #ed6c02 gives 3.1:1 with white, both as text on white and as the white
 * text of a filled chip or badge; its info blue #0288d1 3.9:1), and lists that fit a phone.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#283593' },
    secondary: { main: '#3949ab' },
    warning: { main: '#b45309' }, // 5.0:1 with white
    info: { main: '#0369a1' }, // 5.9:1 with white
    error: { main: '#b71c1c' }, // 6.6:1 with white, 5.5:1 on a selected row's grey (MUI's #d32f2f: 4.2:1 there)
  },
  sidebar: { width: 230, closedWidth: 55 },
  components: {
    ...defaultTheme.components,
    RaDataTableBody: { defaultProps: { row: PhoneDataTableRow } },
    RaDataTable: {
      // Bulk selection only where a list offers a bulk action: react-admin's default one is Delete,
      // which the API does not offer (and its row checkboxes carry their label on the wrong element).
      defaultProps: { bulkActionButtons: false },
      styleOverrides: {
        // On a phone a row is a card: the header row goes, each value follows its own label cell.
        root: ({ theme }: { theme: Theme }) => ({
          [theme.breakpoints.down('sm')]: {
            '& .RaDataTable-thead': { display: 'none' },
            '& .RaDataTable-table, & .RaDataTable-tbody': { display: 'block', width: '100%' },
            '& .RaDataTable-tbody > tr.RaDataTable-row': {
              display: 'grid',
              gridTemplateColumns: 'minmax(5.5em, 35%) minmax(0, 1fr)',
              alignItems: 'baseline',
              padding: theme.spacing(1, 0),
              borderBottom: `1px solid ${theme.palette.divider}`,
            },
            '& .RaDataTable-tbody > tr.RaDataTable-row > td, & .RaDataTable-tbody > tr.RaDataTable-row > th': {
              display: 'block',
              gridColumn: '1 / -1',
              minWidth: 0,
              maxWidth: 'none',
              border: 'none',
              padding: theme.spacing(0.25, 1),
              textAlign: 'left',
              overflowWrap: 'anywhere',
            },
            [`& .RaDataTable-tbody > tr.RaDataTable-row > th.${phoneLabelClass}`]: {
              gridColumn: '1',
              color: theme.palette.text.secondary,
              fontWeight: 400,
            },
            [`& .RaDataTable-tbody > tr.RaDataTable-row > th.${phoneLabelClass} + td`]: { gridColumn: '2' },
            [`& .RaDataTable-tbody > tr.RaDataTable-row > th.${phoneLabelClass}:first-of-type + td`]: { fontWeight: 500 },
            '& .RaDataTable-tbody > tr.RaDataTable-expandRow': { display: 'block' },
            '& .RaDataTable-tbody > tr.RaDataTable-expandRow > td': { display: 'block' },
          },
        }),
      },
    },
  },
};
