import { DateInput, SelectInput, TextInput, required, useRecordContext } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { sourceKinds } from '../citations/methodology';
import { SamePageNotice, useSourceOfPage } from '../citations/SamePageNotice';
import { Row, urlRule } from '../shared';

/** "Already in the catalog" under the URL, when another source has the page it names. */
const SamePageOfUrl = () => {
  const record = useRecordContext();
  const url = (useWatch({ name: 'url' }) as string | undefined) ?? '';
  const existing = useSourceOfPage(url, record?.id as string | undefined);
  return <SamePageNotice existing={existing} />;
};

export const SourceFields = () => (
  <>
    <TextInput source="url" label="URL" validate={[required(), urlRule]} fullWidth
      helperText="Saved without #fragment or tracking parameters (utm_…, gclid, fbclid, ref)" />
    <SamePageOfUrl />
    <TextInput source="title" validate={required()} fullWidth />
    <Row>
      <TextInput source="publisher" validate={required()} />
      <SelectInput source="kind" choices={sourceKinds} validate={required()} />
    </Row>
    <Row>
      <DateInput source="publishedAt" label="Published on" />
      <DateInput source="retrievedAt" label="Retrieved on" validate={required()}
        helperText="When the page was first read; each number's citation keeps its own date" />
    </Row>
    <TextInput source="archivedUrl" label="Archived copy URL" validate={urlRule} fullWidth helperText="e.g. a Wayback Machine snapshot" />
  </>
);
