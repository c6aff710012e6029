import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { TextInput, required, regex } from 'react-admin';

export const slugRule = regex(/^[a-z0-9][a-z0-9._-]*$/, 'Lower-case letters, digits, dots, dashes and underscores, e.g. "o4-mini"');
export const urlRule = regex(/^https?:\/\/\S+$/, 'A full web address starting with https://');

export const SlugInput = (props: { source?: string; helperText?: string }) => (
  <TextInput source={props.source ?? 'slug'} validate={[required(), slugRule]} helperText={props.helperText ?? 'Used in public URLs and the API'} />
);

/** A titled group of inputs inside a form. */
export const FormSection = ({ title, children, hint }: { title: string; children: ReactNode; hint?: ReactNode }) => (
  <Box sx={{ width: '100%', mt: 2, mb: 1 }}>
    <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
      {title}
    </Typography>
    {hint && (
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {hint}
      </Typography>
    )}
    {children}
  </Box>
);

export const Row = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', width: '100%', '& > *': { flex: '1 1 220px' } }}>{children}</Box>
);
