import { useEffect } from 'react';

/** A page's form that Ctrl/Cmd+S saves, and what to say when it has nothing to save. */
interface Registered {
  form: HTMLFormElement;
  /** `editable`: the form has a Save button, not enabled yet (nothing changed, or saving). */
  nothingToSave: (editable: boolean) => void;
}

const registered: Registered[] = [];
let listeners = 0;

const submitButton = (form: HTMLFormElement) => form.querySelector<HTMLButtonElement>('button[type="submit"]');

/**
 * Ctrl/Cmd+S never opens the browser's "save page" dialog in the app; it presses the Save button of
 * the form being typed in (a dialog's form included), or else of the page's form when no dialog is open.
 */
function onKeyDown(event: KeyboardEvent) {
  if (event.key.toLowerCase() !== 's' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
  event.preventDefault();
  if (event.repeat) return;
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const typingIn = active?.closest('form') ?? null;
  const dialogOpen = document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;
  const page = [...registered].reverse().find((entry) => entry.form.isConnected);
  const form = typingIn ?? (dialogOpen ? null : (page?.form ?? null));
  if (!form) return;
  const button = submitButton(form);
  if (button && !button.disabled) button.click();
  else registered.find((entry) => entry.form === form)?.nothingToSave(button !== null);
}

/** Registers the form (found from an element inside it) for Ctrl/Cmd+S while the component is mounted. */
export function useSaveShortcut(inside: React.RefObject<HTMLElement | null>, nothingToSave: (editable: boolean) => void = () => {}) {
  useEffect(() => {
    const form = inside.current?.closest('form') ?? null;
    const entry = form ? { form, nothingToSave } : null;
    if (entry) registered.push(entry);
    if (listeners++ === 0) window.addEventListener('keydown', onKeyDown);
    return () => {
      if (entry) registered.splice(registered.indexOf(entry), 1);
      if (--listeners === 0) window.removeEventListener('keydown', onKeyDown);
    };
  }, [inside, nothingToSave]);
}
