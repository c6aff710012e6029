import type { ReactNode } from 'react';
import { TabbedForm } from 'react-admin';
import { VersionedEdit } from '../conflicts/VersionedEdit';
import { RecordHistory } from '../history/RecordHistory';
import { ClaimToolbar } from './ClaimToolbar';
import { ClaimWorkflowPanel } from './ClaimWorkflowPanel';
import { FormGuard } from '../forms/FormGuard';

/** The edit page of a sourced number (score, price): its review state, its fields, then its history. */
export const ClaimEdit = ({ title, resource, children }: { title: string; resource: 'scores' | 'prices'; children: ReactNode }) => (
  <VersionedEdit title={title}>
    <TabbedForm toolbar={<ClaimToolbar />}>
      <TabbedForm.Tab label={title}>
        <FormGuard />
        <ClaimWorkflowPanel resource={resource} />
        {children}
      </TabbedForm.Tab>
      <TabbedForm.Tab label="History" path="history">
        <RecordHistory />
      </TabbedForm.Tab>
    </TabbedForm>
  </VersionedEdit>
);
