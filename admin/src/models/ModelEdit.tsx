import { TabbedForm, useRecordContext } from 'react-admin';
import { SaveToolbar, VersionedEdit } from '../conflicts/VersionedEdit';
import { RecordHistory } from '../history/RecordHistory';
import { PublicationControl } from '../workflow/PublicationControl';
import { ModelFacts } from './ModelFacts';
import { ModelFields } from './ModelFields';
import { ModelPrices, ModelScores } from './ModelNumbers';
import { FormGuard } from '../forms/FormGuard';

const ModelTitle = () => {
  const record = useRecordContext();
  return <span>{record ? `Model: ${record.name}` : 'Model'}</span>;
};

export const ModelEdit = () => (
  <VersionedEdit title={<ModelTitle />}>
    <TabbedForm toolbar={<SaveToolbar />}>
      <TabbedForm.Tab label="Summary">
        <FormGuard />
        <PublicationControl />
        <ModelFields />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="Quick facts" path="facts">
        <ModelFacts />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="Scores" path="scores">
        <ModelScores />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="Prices" path="prices">
        <ModelPrices />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="History" path="history">
        <RecordHistory />
      </TabbedForm.Tab>
    </TabbedForm>
  </VersionedEdit>
);
