import { Box, MenuItem, TextField, Typography, useTheme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import { CartesianGrid, Label, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import type { ChartPoint, SourcedDataProvider } from '../dataProvider';

const money = (value: number) => `$${value < 1 ? value.toFixed(2) : value.toFixed(value < 10 ? 1 : 0)}`;

/** Round log-scale ticks (1-3-10) spanning the prices; recharts' own repeat values on narrow ranges. */
function priceTicks(points: ChartPoint[]): number[] {
  if (!points.length) return [];
  const prices = points.map((p) => p.outputPrice);
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  const candidates = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000];
  const from = candidates.filter((tick) => tick <= low).at(-1) ?? candidates[0]!;
  const to = candidates.find((tick) => tick >= high) ?? candidates.at(-1)!;
  return candidates.filter((tick) => tick >= from && tick <= to);
}

const PointTooltip = ({ active, payload }: TooltipContentProps<ValueType, NameType>) => {
  const point = active ? (payload?.[0]?.payload as ChartPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <Box sx={{ bgcolor: 'background.paper', border: 1, borderColor: 'divider', p: 1, borderRadius: 1 }}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>{point.model}</Typography>
      <Typography variant="caption" component="div">Score {point.score}</Typography>
      <Typography variant="caption" component="div">Output {money(point.outputPrice)} / 1M tokens</Typography>
    </Box>
  );
};

/** Published score on one benchmark against the output price: where the good value for money is. */
export default function ScoreVsPriceChart() {
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const theme = useTheme();
  const { data: benchmarks = [] } = useQuery({ queryKey: ['dashboard', 'benchmarks'], queryFn: () => dataProvider.chartBenchmarks() });
  const [benchmark, setBenchmark] = useState<string>('');
  useEffect(() => {
    if (!benchmark && benchmarks.length) setBenchmark(benchmarks[0]!.slug);
  }, [benchmark, benchmarks]);
  const { data: points = [], isPending } = useQuery({
    queryKey: ['dashboard', 'scoreVsPrice', benchmark],
    queryFn: () => dataProvider.scoreVsPrice(benchmark),
    enabled: !!benchmark,
  });
  const selected = benchmarks.find((b) => b.slug === benchmark);
  const ticks = priceTicks(points);
  return (
    <Box data-testid="score-vs-price">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h6" sx={{ flex: 1 }}>
          Score against output price
        </Typography>
        <TextField select size="small" label="Benchmark" value={benchmark} onChange={(e) => setBenchmark(e.target.value)} sx={{ minWidth: 260 }}>
          {benchmarks.map((b) => (
            <MenuItem key={b.slug} value={b.slug}>
              {b.name} ({b.publishedScoreCount})
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {!isPending && points.length === 0 ? (
        <Typography color="text.secondary" sx={{ py: 8, textAlign: 'center' }}>
          No published model has both a score on this benchmark and an output price.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={360}>
          <ScatterChart margin={{ top: 10, right: 30, bottom: 30, left: 10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="outputPrice" scale="log" domain={ticks.length ? [ticks[0]!, ticks.at(-1)!] : ['auto', 'auto']} ticks={ticks} tickFormatter={money}>
              <Label value="Output price, USD per 1M tokens (log scale)" position="bottom" offset={10} />
            </XAxis>
            <YAxis type="number" dataKey="score" domain={selected ? [selected.scaleMin, selected.scaleMax] : ['auto', 'auto']}>
              <Label value={selected?.name ?? 'Score'} angle={-90} position="insideLeft" style={{ textAnchor: 'middle' }} />
            </YAxis>
            <Tooltip content={PointTooltip} />
            <Scatter data={points} fill={theme.palette.primary.main} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      )}
      <Typography variant="caption" color="text.secondary">
        Published (verified) scores and current output prices; each point is cited on the model's page.
      </Typography>
    </Box>
  );
}
