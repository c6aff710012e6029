import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Alert, Box, Card, CardContent, IconButton, LinearProgress, Link, Stack, Tooltip, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Title } from 'react-admin';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { draftKey, fetchDraft } from './api';
import { DigestEditor } from './DigestEditor';
import { PublishedDigest } from './PublishedDigest';
import { currentWeek, shiftWeek, weekDates, weekStart } from './week';

/** /digest/<week> (the current week without one): the week's digest, editable until it is published. */
export const DigestPage = () => {
  const thisWeek = currentWeek();
  const week = useParams()['*'] || thisWeek;
  const navigate = useNavigate();
  const valid = weekStart(week) !== null;
  const { data, error, isPending } = useQuery({ queryKey: draftKey(week), queryFn: () => fetchDraft(week), enabled: valid });
  // The recipients a publish was queued for: the API answers it once, not in the draft.
  const [sent, setSent] = useState<{ week: string; recipients: number } | null>(null);
  const go = (target: string) => navigate(`/digest/${target}`);
  return (
    <Card sx={{ mt: 2, minWidth: 0 }}>
      <Title title="Weekly digest" />
      <CardContent>
        {/* Arrows either side of the week, on one line even at 390 px: the heading wraps instead. */}
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }}>
          <Tooltip title="Previous week">
            <IconButton aria-label="Previous week" onClick={() => go(shiftWeek(week, -1))} disabled={!valid}>
              <ChevronLeftIcon />
            </IconButton>
          </Tooltip>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="h5" component="h2" sx={{ fontSize: { xs: '1.2rem', sm: '1.5rem' } }}>
              Weekly digest {week}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {weekDates(week)}
              {week === thisWeek ? ' · this week' : ' · '}
              {week !== thisWeek && (
                <Link component={RouterLink} to="/digest">
                  This week
                </Link>
              )}
            </Typography>
          </Box>
          <Tooltip title={week >= thisWeek ? 'Later weeks have no changes yet' : 'Next week'}>
            <span>
              <IconButton aria-label="Next week" onClick={() => go(shiftWeek(week, 1))} disabled={!valid || week >= thisWeek}>
                <ChevronRightIcon />
              </IconButton>
            </span>
          </Tooltip>
        </Stack>
        {!valid ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            “{week}” is not an ISO week such as {thisWeek}.
          </Alert>
        ) : error ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error.message}
          </Alert>
        ) : isPending ? (
          <LinearProgress sx={{ mt: 2 }} aria-label="Loading the digest" />
        ) : data.status === 'PUBLISHED' ? (
          <PublishedDigest draft={data} recipients={sent?.week === week ? sent.recipients : null} />
        ) : (
          <DigestEditor key={week} draft={data} onPublished={(recipients) => setSent({ week, recipients })} />
        )}
      </CardContent>
    </Card>
  );
};
