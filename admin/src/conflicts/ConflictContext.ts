import { createContext, useContext } from 'react';

/** What the person typed, to be put back on the form once it shows `version` (the latest one). */
export interface Reapply {
  version: number;
  values: [string, unknown][];
}

/** Between a versioned edit page (VersionedEdit) and the guard inside its form (FormGuard). */
export interface ConflictContextValue {
  /** The last save was refused as a conflict and the form still holds the refused values. */
  conflicted: boolean;
  reapply: Reapply | null;
  /** FormGuard put the values back. */
  reapplied(): void;
}

export const ConflictContext = createContext<ConflictContextValue | null>(null);

export const useConflictContext = () => useContext(ConflictContext);
