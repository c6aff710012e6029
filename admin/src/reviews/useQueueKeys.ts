import { useEffect, useRef } from 'react';

export interface QueueKeyActions {
  /** j (+1) and k (−1). */
  move(delta: number): void;
  /** v */
  verify(): void;
  /** r */
  reject(): void;
  /** x */
  toggle(): void;
  /** o */
  open(): void;
}

/** Shown under the queue. */
export const queueKeysHelp = 'Keys: j / k next / previous · v verify · r reject (asks the reason) · x select · o open the page at the quote';

/** Typing in a field, a menu or a dialog is not a shortcut. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="combobox"], [role="listbox"], [role="menu"], [role="dialog"]')) return true;
  return false;
}

/** The review queue's single-key shortcuts, on the whole page while it is open; none while typing or with a modifier held. */
export function useQueueKeys(actions: QueueKeyActions, enabled = true) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      // A dialog open elsewhere (the reason to reject, say) keeps the keys to itself.
      if (document.querySelector('.MuiDialog-root, .MuiModal-root:not(.MuiModal-hidden)')) return;
      const run: Record<string, () => void> = {
        j: () => latest.current.move(1),
        k: () => latest.current.move(-1),
        v: () => latest.current.verify(),
        r: () => latest.current.reject(),
        x: () => latest.current.toggle(),
        o: () => latest.current.open(),
      };
      const action = run[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
