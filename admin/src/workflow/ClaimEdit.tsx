import type { ReactNode } from 'react';
import { TabbedForm, useRecordContext } from 'react-admin';
import { VersionedEdit } from '../conflicts/VersionedEdit';
import { RecordHistory } from '../history/RecordHistory';
import { ClaimSummary, type SummaryLine } from './ClaimSummary';
import { ClaimToolbar } from './ClaimToolbar';
import { ClaimWorkflowPanel } from './ClaimWorkflowPanel';
import { FormGuard } from '../forms/FormGuard';
import { isSettled } from './correction';

/** The fields while the number can change; once verified (or withdrawn) the number as text. */
const FieldsOrSummary = ({ summary, children }: { summary: SummaryLine[]; children: ReactNode }) => {
  const record = useRecordContext();
  return isSettled(record) ? <ClaimSummary lines={summary} /> : children;
};

/** The edit page of a sourced number (score, price): its review state, its fields, then its history. */
export const ClaimEdit = ({ title, resource, summary, children }: { title: string; resource: 'scores' | 'prices'; summary: SummaryLine[]; children: ReactNode }) => (
  <VersionedEdit title={title}>
    <TabbedForm toolbar={<ClaimToolbar />}>
      <TabbedForm.Tab label={title}>
        <FormGuard />
        <ClaimWorkflowPanel resource={resource} />
        <FieldsOrSummary summary={summary}>{children}</FieldsOrSummary>
      </TabbedForm.Tab>
      <TabbedForm.Tab label="History" path="history">
        <RecordHistory />
      </TabbedForm.Tab>
    </TabbedForm>
  </VersionedEdit>
);
