import { Labeled, TabbedForm } from 'react-admin';
import { SaveToolbar, VersionedEdit } from '../conflicts/VersionedEdit';
import { RecordHistory } from '../history/RecordHistory';
import { Row } from '../shared';
import { CitingNumbers } from './CitingNumbers';
import { LinkStatusField } from './LinkStatusField';
import { RetireSource } from './RetireSource';
import { SourceFields } from './SourceForm';

export const SourceEdit = () => (
  <VersionedEdit>
    <TabbedForm toolbar={<SaveToolbar />}>
      <TabbedForm.Tab label="Details">
        <RetireSource />
        <Row>
          <Labeled label="Link status"><LinkStatusField /></Labeled>
        </Row>
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
