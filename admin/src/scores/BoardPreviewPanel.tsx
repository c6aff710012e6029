import { Alert, Box, Typography } from '@mui/material';
import type { BoardPreview } from './useBoardPreview';

/**
 * Below the conditions: the setting label they make, the board the score will join (or why it is
 * listed apart), and a warning when no published result was obtained the same way.
 */
export const BoardPreviewPanel = ({ preview, error, waiting }: { preview: BoardPreview | null | undefined; error: Error | null; waiting: boolean }) => (
  <Box component="section" aria-label="Leaderboard" data-testid="board-preview" sx={{ mt: 1, mb: 2, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, maxWidth: 720 }}>
    <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
      Leaderboard
    </Typography>
    {error ? (
      <Alert severity="warning" variant="outlined">
        Cannot say which board this score joins yet: {error.message}
      </Alert>
    ) : !preview ? (
      <Typography variant="body2" color="text.secondary">
        {waiting ? 'Finding the board…' : 'Pick the benchmark to see the board the score will join.'}
      </Typography>
    ) : (
      <Box role="status" aria-live="polite" sx={{ display: 'grid', gap: 1 }}>
        <Typography variant="body2" data-testid="setting-label">
          Setting: <strong>{preview.setting || 'no conditions stated'}</strong>
        </Typography>
        {preview.joinsDefaultBoard ? (
          <Alert severity="success" variant="outlined" data-testid="board-joined">
            Joins the {preview.benchmarkName} board {preview.defaultSetting}
          </Alert>
        ) : preview.defaultSetting ? (
          <Alert severity="info" variant="outlined" data-testid="board-apart">
            Not on the default board ({preview.defaultSetting}): listed apart with the reason “{preview.reason}”.
          </Alert>
        ) : (
          <Alert severity="info" variant="outlined" data-testid="board-apart">
            {preview.benchmarkName} has no default board yet: its leaderboard will rank the conditions most published results share.
          </Alert>
        )}
        {preview.warning ? (
          <Alert severity="warning" data-testid="board-warning">
            {preview.warning}
          </Alert>
        ) : (
          <Typography variant="body2" color="text.secondary">
            Comparable with {preview.comparablePublished} published {preview.comparablePublished === 1 ? 'result' : 'results'}.
          </Typography>
        )}
      </Box>
    )}
  </Box>
);
