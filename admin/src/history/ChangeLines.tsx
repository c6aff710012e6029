import { Box, Link, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { type Diff, fieldName, isShown, plain } from './format';
import { globalId, kindOf, referenceFields, type References } from './references';

/** Fields whose values are the API's enum names (PENDING_REVIEW reads "pending review"); any other text is shown as typed. */
const enumFields = new Set(['status', 'kind', 'publication', 'category', 'direction', 'runBy', 'role', 'fact', 'linkStatus', 'evidenceStatus', 'unit']);
const readable = (field: string, value: unknown) =>
  enumFields.has(field) && typeof value === 'string' && /^[A-Z][A-Z_]+$/.test(value) ? value.replace(/_/g, ' ').toLowerCase() : plain(value);

const none = (value: unknown) => value === null || value === undefined || value === '';

/** A field's value: a named, linked record for the ids (`sourceId 496` → the source's title and address). */
export const FieldValue = ({ field, value, entityType, references }: { field: string; value: unknown; entityType?: string; references: References }) => {
  const type = field === 'supersededById' ? entityType : referenceFields[field];
  if (!type || none(value)) return <>{readable(field, value)}</>;
  const reference = references[globalId(type, String(value))];
  if (!reference) return <Typography component="span" variant="body2" color="text.secondary">a {kindOf(type)} not listed any more</Typography>;
  return (
    <>
      {reference.path ? (
        <Link component={RouterLink} to={reference.path}>
          {reference.label}
        </Link>
      ) : (
        reference.label
      )}
      {reference.url && reference.url !== reference.label && (
        <>
          {' '}
          (
          <Link href={reference.url} target="_blank" rel="noreferrer" sx={{ wordBreak: 'break-all' }}>
            {reference.url}
          </Link>
          )
        </>
      )}
    </>
  );
};

/**
 * What an event changed, one line a field, in words: "value 68.1 → 69.1", "source OpenAI: Introducing
 * o3 and o4-mini (https://…)"; a field set for the first time reads "value 68.1". Bookkeeping
 * columns (ids, timestamps, versions) are left out.
 */
export const ChangeLines = ({ diff, entityType, references }: { diff: Diff | null | undefined; entityType?: string; references: References }) => {
  // A field left empty on creation (none before, none after) says nothing.
  const fields = Object.entries(diff ?? {}).filter(([field, change]) => isShown(field) && !(none(change?.before) && none(change?.after)));
  if (fields.length === 0) return <Typography variant="body2" color="text.secondary">No field changed.</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5, '& li': { typography: 'body2', py: 0.25, overflowWrap: 'anywhere' } }} data-testid="change-lines">
      {fields.map(([field, change]) => (
        <li key={field}>
          <strong>{fieldName(field)}</strong>{' '}
          {none(change?.before) ? (
            <FieldValue field={field} value={change?.after} entityType={entityType} references={references} />
          ) : (
            <>
              <FieldValue field={field} value={change?.before} entityType={entityType} references={references} />
              {' → '}
              <FieldValue field={field} value={change?.after} entityType={entityType} references={references} />
            </>
          )}
        </li>
      ))}
    </Box>
  );
};
