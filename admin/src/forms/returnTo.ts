import type { RedirectionSideEffect } from 'react-admin';
import { useLocation } from 'react-router-dom';

interface ReturnState {
  returnTo?: string;
}

/**
 * The link state that brings a create form back here once saved: "Add a score" on a model's Scores tab
 * returns to that tab, not to the list of every score. Pass it as a Link's `state`.
 */
export function useReturnHere(): ReturnState {
  const { pathname, search } = useLocation();
  return { returnTo: `${pathname}${search}` };
}

/** A Create's `redirect`: back where the form was opened from (`useReturnHere`), else `fallback`. */
export function useReturnTo(fallback: RedirectionSideEffect): RedirectionSideEffect {
  const returnTo = (useLocation().state as ReturnState | null)?.returnTo;
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? () => returnTo : fallback;
}
