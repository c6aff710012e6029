import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, useCreatePath, useNotify, useRecordContext, useResourceContext } from 'react-admin';
import { useFormContext, useFormState } from 'react-hook-form';
import { useConflictContext } from '../conflicts/ConflictContext';
import { LeaveDialog } from './LeaveDialog';
import { useSaveShortcut } from './saveShortcut';

/**
 * Put inside a create or edit form (a SimpleForm's child, or a TabbedForm tab's) to guard what is typed:
 * - leaving with unsaved changes (menu, link, back, closing or reloading the tab) asks first;
 * - Ctrl/Cmd+S presses the form's Save button;
 * - after a version conflict, "re-apply my changes" (conflicts/ConflictDialog) puts the typed values
 *   back on the latest version, for the person to review and save.
 */
export const FormGuard = () => {
  const marker = useRef<HTMLSpanElement>(null);
  const { control, setValue } = useFormContext();
  const { dirtyFields, isSubmitSuccessful } = useFormState({ control });
  const conflict = useConflictContext();
  const resource = useResourceContext() ?? '';
  const record = useRecordContext();
  const createPath = useCreatePath();
  const notify = useNotify();
  const dirty = Object.keys(dirtyFields).length > 0;
  // Moving between the form's own tabs (/models/1 → /models/1/scores) is not leaving it.
  const root = record?.id != null ? createPath({ resource, id: record.id, type: 'edit' }) : createPath({ resource, type: 'create' });
  const conflicted = conflict?.conflicted ?? false;

  // Read when a navigation starts: a successful save redirects while it is still being submitted.
  const safe = () => {
    const state = control._formState;
    return !dirty || state.isSubmitting || (state.isSubmitSuccessful && !conflicted);
  };
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    if (safe()) return false;
    const inside = nextLocation.pathname === root || (nextLocation.pathname.startsWith(`${root}/`) && !nextLocation.pathname.startsWith(`${root}/show`));
    return !inside && nextLocation.pathname !== currentLocation.pathname;
  });
  const blocked = blocker.state === 'blocked';
  const nowSafe = !dirty || (isSubmitSuccessful && !conflicted);
  useEffect(() => {
    // Saved (or reset) while the navigation waited: let it go on.
    if (blocked && nowSafe) blocker.proceed?.();
  }, [blocked, nowSafe, blocker]);

  useEffect(() => {
    if (nowSafe) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = true;
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [nowSafe]);

  const nothingToSave = useCallback(
    (editable: boolean) => notify(editable ? 'Nothing to save: you have not changed anything yet.' : 'Nothing to save here: this page cannot be changed.', { type: 'info' }),
    [notify],
  );
  useSaveShortcut(marker, nothingToSave);

  // Re-apply after a conflict, once the form shows the latest version (and react-admin has reset it to it).
  const reapply = conflict?.reapply;
  const version = Number(record?.version ?? Number.NaN);
  useEffect(() => {
    if (!reapply || !(version >= reapply.version)) return;
    const timer = setTimeout(() => {
      for (const [path, value] of reapply.values) setValue(path, value, { shouldDirty: true, shouldTouch: true });
      conflict?.reapplied();
      notify(`Your ${reapply.values.length === 1 ? 'change is' : 'changes are'} back on the latest version (${version}): review and save.`, {
        type: 'info',
        autoHideDuration: 8000,
      });
    }, 0);
    return () => clearTimeout(timer);
  }, [reapply, version, setValue, conflict, notify]);

  return (
    <>
      <span ref={marker} hidden />
      <LeaveDialog
        open={blocked}
        text="You have changes on this page that are not saved. If you leave, they are lost."
        onStay={() => blocker.reset?.()}
        onLeave={() => blocker.proceed?.()}
      />
    </>
  );
};
