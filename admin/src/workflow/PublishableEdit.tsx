import type { ReactNode } from 'react';
import { TabbedForm } from 'react-admin';
import { SaveToolbar, VersionedEdit } from '../conflicts/VersionedEdit';
import { RecordHistory } from '../history/RecordHistory';
import { PublicationControl } from './PublicationControl';
import { FormGuard } from '../forms/FormGuard';

/** The edit page of a publishable catalog record (provider, family, benchmark): its fields, then its history. */
export const PublishableEdit = ({ children }: { children: ReactNode }) => (
  <VersionedEdit>
    <TabbedForm toolbar={<SaveToolbar />}>
      <TabbedForm.Tab label="Details">
        <FormGuard />
        <PublicationControl />
        {children}
      </TabbedForm.Tab>
      <TabbedForm.Tab label="History" path="history">
        <RecordHistory />
      </TabbedForm.Tab>
    </TabbedForm>
  </VersionedEdit>
);
