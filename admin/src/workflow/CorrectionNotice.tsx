import { Alert } from '@mui/material';
import { useWatch } from 'react-hook-form';

/** On a create page opened by "Enter a correction": which published number this entry corrects. */
export const CorrectionNotice = () => {
  const correcting = useWatch({ name: 'correcting' }) as { id: string; value?: unknown } | undefined;
  if (!correcting) return null;
  return (
    <Alert severity="info" variant="outlined" sx={{ mb: 2, width: '100%', maxWidth: 720 }} data-testid="correction-notice">
      A correction of the verified value {String(correcting.value ?? '')}: the same model, setting and citation are filled in; change what
      was wrong. It goes to a reviewer, and once verified it replaces the published value, which stays in the history.
    </Alert>
  );
};
