import { Labeled, TabbedForm, TabbedFormTabs } from 'react-admin';
import { SaveToolbar, VersionedEdit } from '../conflicts/VersionedEdit';
import { SourceCaptures } from '../evidence/SourceCaptures';
import { RecordHistory } from '../history/RecordHistory';
import { FormSection, Row } from '../shared';
import { CitingNumbers } from './CitingNumbers';
import { LinkStatusField } from './LinkStatusField';
import { RetireSource } from './RetireSource';
import { SourceFields } from './SourceForm';
import { FormGuard } from '../forms/FormGuard';

export const SourceEdit = () => (
  <VersionedEdit>
    {/* Scrollable tabs: on a phone the tab bar would otherwise widen the page. */}
    <TabbedForm toolbar={<SaveToolbar />} tabs={<TabbedFormTabs variant="scrollable" scrollButtons="auto" />}>
      <TabbedForm.Tab label="Details">
        <FormGuard />
        <RetireSource />
        <Row>
          <Labeled label="Link status"><LinkStatusField /></Labeled>
        </Row>
        <FormSection title="Captures of the page">
          <SourceCaptures />
        </FormSection>
        <SourceFields />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="Numbers citing it" path="citations">
        <CitingNumbers />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="History" path="history">
        <RecordHistory />
      </TabbedForm.Tab>
    </TabbedForm>
  </VersionedEdit>
);
