import { useEffect } from 'react';
import { useBlocker } from 'react-admin';
import { LeaveDialog } from '../forms/LeaveDialog';

/** Asks before unsaved changes are lost: another screen or week in the app, or closing or reloading the tab. */
export const LeaveGuard = ({ unsaved }: { unsaved: boolean }) => {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
  return (
    <LeaveDialog
      open={blocker.state === 'blocked'}
      text="The digest has changes you have not saved. If you leave, they are lost."
      onStay={() => blocker.reset?.()}
      onLeave={() => blocker.proceed?.()}
    />
  );
};
