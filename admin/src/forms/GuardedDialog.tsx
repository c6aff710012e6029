import { Dialog, type DialogProps } from '@mui/material';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useFormState } from 'react-hook-form';
import { useNotify } from 'react-admin';
import { useSaveShortcut } from './saveShortcut';

const noForm = { current: null };
const ReportDirty = createContext<((dirty: boolean) => void) | null>(null);

/**
 * A dialog a person types in. While something is typed (`dirty`, or a react-admin form inside that
 * has `<DialogFormDirty />`), an outside click or Escape does not close it and says how to: only
 * Cancel (or the dialog's own buttons) closes it. Empty, it closes as any dialog does.
 */
export const GuardedDialog = ({ dirty = false, onClose, children, ...props }: Omit<DialogProps, 'onClose'> & {
  dirty?: boolean;
  onClose?: () => void;
  children: ReactNode;
}) => {
  const [formDirty, setFormDirty] = useState(false);
  const notify = useNotify();
  const typed = dirty || formDirty;
  // Installs Ctrl/Cmd+S, which then saves the form typed in here.
  useSaveShortcut(noForm);
  const close: DialogProps['onClose'] = (_event, reason) => {
    if (typed && (reason === 'backdropClick' || reason === 'escapeKeyDown')) {
      notify('You have typed something here: press Cancel to discard it.', { type: 'info' });
      return;
    }
    onClose?.();
  };
  return (
    <Dialog {...props} onClose={close} data-typed={typed ? 'true' : undefined}>
      <ReportDirty.Provider value={setFormDirty}>{children}</ReportDirty.Provider>
    </Dialog>
  );
};

/** Inside a react-admin `<Form>` in a `<GuardedDialog>`: tells the dialog when something was typed. */
export const DialogFormDirty = () => {
  const report = useContext(ReportDirty);
  const { dirtyFields } = useFormState();
  const dirty = Object.keys(dirtyFields).length > 0;
  const send = useCallback((value: boolean) => report?.(value), [report]);
  useEffect(() => {
    send(dirty);
  }, [dirty, send]);
  useEffect(() => () => send(false), [send]);
  return null;
};
