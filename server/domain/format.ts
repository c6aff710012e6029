const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-04-16" → "Apr 16, 2025"; "2024-05" → "May 2024"; "2024" → "2024". */
export function formatPartialDate(value: string): string {
  const [year, month, day] = value.split('-');
  if (!month) return year ?? value;
  const monthName = months[Number(month) - 1] ?? month;
  return day ? `${monthName} ${Number(day)}, ${year}` : `${monthName} ${year}`;
}

/** 200000 → "200K", 1048576 → "1M", 1500 → "1.5K". */
export function formatTokens(tokens: number): string {
  const units: [number, string][] = [
    [1_000_000, 'M'],
    [1_000, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (tokens >= size) {
      const value = tokens / size;
      const rounded = value >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
      return `${rounded}${suffix}`;
    }
  }
  return String(tokens);
}

/** 1.1 → "$1.10", 0.275 → "$0.275", 15 → "$15.00". */
export function formatUsd(amount: number): string {
  const fixed = amount.toFixed(2);
  return Number(fixed) === amount ? `$${fixed}` : `$${Number(amount.toPrecision(6))}`;
}
