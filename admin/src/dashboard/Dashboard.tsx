import { Box, Card, CardContent, Grid, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Title, useDataProvider, usePermissions } from 'react-admin';
import { can } from '../authProvider';
import { Link } from 'react-router-dom';
import type { SourcedDataProvider } from '../dataProvider';
import { useRejectedCount } from '../mywork';
import { MyWorkSections } from '../mywork/MyWork';

// recharts is the largest dependency; it loads with the chart, after the counts.
const ScoreVsPriceChart = lazy(() => import('./ScoreVsPriceChart'));

const Count = ({ label, value, to, hint, alert }: { label: string; value: number | undefined; to: string; hint: string; alert?: boolean }) => (
  <Card component={Link} to={to} sx={{ textDecoration: 'none', height: '100%', display: 'block' }} data-testid={`count-${label}`}>
    <CardContent>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h4" component="p" color={alert && value ? 'error.main' : 'text.primary'}>
        {value ?? <Skeleton width={60} />}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {hint}
      </Typography>
    </CardContent>
  </Card>
);

export const Dashboard = () => {
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const { permissions } = usePermissions();
  const { data } = useQuery({ queryKey: ['dashboard', 'counts'], queryFn: () => dataProvider.dashboardCounts() });
  // Disagreements are a reviewer's screen: an editor gets no card that leads nowhere or never loads.
  const reviewer = can.review(permissions);
  // An editor's home: their rejections and entries waiting first, then the catalog's counts.
  const { data: rejected } = useRejectedCount();
  const width = { xs: 12, sm: 6, md: 2.4 };
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Sourced — editors" />
      <Grid container spacing={2}>
        <Grid size={width}>
          <Count label="Models" value={data?.models} to="/models" hint="in the catalog" />
        </Grid>
        <Grid size={width}>
          <Count label="Published scores" value={data?.publishedScores} to="/scores?filter=%7B%22status%22%3A%22VERIFIED%22%7D" hint="verified, with citations" />
        </Grid>
        {reviewer ? (
          <Grid size={width}>
            <Count label="Pending reviews" value={data?.pendingReviews} to="/reviews" hint="waiting for a second pair of eyes" alert />
          </Grid>
        ) : (
          <>
            <Grid size={width}>
              <Count label="Rejected — to fix" value={rejected} to="/my-work" hint="of your entries: read why, fix and resubmit" alert />
            </Grid>
            <Grid size={width}>
              <Count label="Waiting for review" value={data?.pendingReviews} to="/my-work" hint="of your entries, for a reviewer to check" />
            </Grid>
          </>
        )}
        <Grid size={width}>
          <Count label="Dead links" value={data?.deadLinks} to="/sources?filter=%7B%22deadLink%22%3Atrue%7D" hint="sources whose page is broken or unreachable" alert />
        </Grid>
        {reviewer && (
          <Grid size={width}>
            <Count label="Disagreements" value={data?.disagreements} to="/disagreements" hint="sources giving different values" alert />
          </Grid>
        )}
        {permissions && !reviewer && (
          <Grid size={12}>
            <MyWorkSections />
          </Grid>
        )}
        <Grid size={12}>
          <Card>
            <CardContent>
              <Suspense fallback={<Skeleton variant="rectangular" height={360} />}>
                <ScoreVsPriceChart />
              </Suspense>
            </CardContent>
          </Card>
        </Grid>
      </Grid>
    </Box>
  );
};
