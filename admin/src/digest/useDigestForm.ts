import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNotify } from 'react-admin';
import { draftKey, fetchDraft, type FieldError, saveDigest } from './api';
import type { ItemErrors } from './ChosenItems';
import type { Conflict } from './ConflictDialog';
import { type DigestForm, type Draft, formOf, sameForm } from './types';

export interface FormErrors {
  title?: string;
  intro?: string;
  items: ItemErrors;
  /** Messages about no one field (the week, the list of items). */
  other: string[];
}

const noErrors: FormErrors = { items: {}, other: [] };

/** The API's field errors ("items.2.note") placed on the fields; item errors follow their item (by change) when reordered. */
function placeErrors(fieldErrors: FieldError[], submitted: DigestForm): FormErrors {
  const errors: FormErrors = { items: {}, other: [] };
  for (const { path, message } of fieldErrors) {
    const [field, index, itemField] = path.replace(/^input\./, '').split('.');
    const change = index !== undefined ? submitted.items[Number(index)]?.change : undefined;
    if (field === 'title' || field === 'intro') errors[field] = message;
    else if (field === 'items' && change && itemField) errors.items[change] = { ...errors.items[change], [itemField]: message };
    else errors.other.push(message);
  }
  return errors;
}

/**
 * The digest being edited: the form, what it was loaded from (the version sent back as
 * expectedVersion), the API's errors, and saving with its conflict.
 */
export function useDigestForm(draft: Draft) {
  const week = draft.week;
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [form, setFormState] = useState(() => formOf(draft));
  const [base, setBase] = useState(() => ({ form: formOf(draft), version: draft.version }));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // The form as it is now, for answers that arrive after more typing.
  const current = useRef(form);
  const setForm = (next: DigestForm) => {
    current.current = next;
    setFormState(next);
  };
  const reload = () => queryClient.fetchQuery({ queryKey: draftKey(week), queryFn: () => fetchDraft(week), staleTime: 0 });

  const save = useMutation({
    mutationFn: (submitted: DigestForm) => saveDigest(week, submitted, base.version),
    onSuccess: async (outcome, submitted) => {
      if (outcome.kind === 'saved') {
        const fresh = await reload();
        setBase({ form: formOf(fresh), version: fresh.version });
        // Typing during the save is kept; otherwise the form shows what the API stored (default headlines).
        if (sameForm(current.current, submitted)) setForm(formOf(fresh));
        setErrors(noErrors);
        notify(`Saved: version ${outcome.version}.`, { type: 'success' });
      } else if (outcome.kind === 'invalid') {
        setErrors(placeErrors(outcome.fieldErrors, submitted));
        notify(`Not saved: ${outcome.message}`, { type: 'error' });
      } else if (outcome.kind === 'conflict') {
        setConflict(outcome);
      } else {
        notify(outcome.message, { type: 'error' });
      }
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  const resolveConflict = async (keepMine: boolean) => {
    setConflict(null);
    const fresh = await reload().catch((error: Error) => {
      notify(error.message, { type: 'error' });
      return null;
    });
    if (!fresh) return;
    setBase({ form: formOf(fresh), version: fresh.version });
    if (keepMine) notify(`Your changes are kept over version ${fresh.version}: save to apply them.`, { type: 'info' });
    else setForm(formOf(fresh));
  };

  return {
    form,
    setForm,
    errors,
    setErrors,
    unsaved: !sameForm(form, base.form),
    version: base.version,
    save: () => save.mutate(form),
    saving: save.isPending,
    undo: () => {
      setForm(base.form);
      setErrors(noErrors);
    },
    conflict,
    keepMine: () => resolveConflict(true),
    loadTheirs: () => resolveConflict(false),
    closeConflict: () => setConflict(null),
  };
}
