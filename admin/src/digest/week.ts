// ISO weeks ("2026-W49") as the API names them, computed in UTC like the server (server/digest/read.ts).

const dayMs = 86_400_000;
export const isoWeekPattern = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

/** The ISO week a date falls in, by its UTC date. */
export function isoWeekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The week belongs to the year of its Thursday.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / dayMs + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export const currentWeek = () => isoWeekOf(new Date());

/** Monday 00:00 UTC of the week, or null when the week does not exist (2026-W53). */
export function weekStart(week: string): Date | null {
  const match = isoWeekPattern.exec(week);
  if (!match) return null;
  const jan4 = new Date(Date.UTC(Number(match[1]), 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * dayMs + (Number(match[2]) - 1) * 7 * dayMs);
  return isoWeekOf(monday) === week ? monday : null;
}

export function shiftWeek(week: string, by: number): string {
  const start = weekStart(week);
  return start ? isoWeekOf(new Date(start.getTime() + by * 7 * dayMs)) : week;
}

const day = (date: Date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "30 Nov – 6 Dec 2026" */
export function weekDates(week: string): string {
  const start = weekStart(week);
  if (!start) return '';
  const end = new Date(start.getTime() + 6 * dayMs);
  return `${day(start)} – ${day(end)} ${end.getUTCFullYear()}`;
}
