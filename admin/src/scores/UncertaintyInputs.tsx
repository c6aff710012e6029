import { minValue, NumberInput, type Validator } from 'react-admin';
import { Row } from '../shared';

const level: Validator = (value) => (value == null || value === '' || (Number(value) > 0 && Number(value) < 1) ? undefined : 'A level between 0 and 1 (0.95).');

/**
 * How sure the score is, as the source states it: a standard error, or an interval and its level,
 * and the number of samples. All optional; the API refuses impossible ones field by field.
 */
export const UncertaintyInputs = () => (
  <>
    <Row>
      <NumberInput source="uncertainty.stderr" label="Standard error" step="any" validate={minValue(0, 'A standard error cannot be negative.')} helperText="± as the source states it" />
      <NumberInput source="uncertainty.samples" label="Samples" validate={minValue(1, 'At least 1.')} helperText="Questions, samples or runs" />
    </Row>
    <Row>
      <NumberInput source="uncertainty.low" label="Interval low" step="any" helperText="Low end of the stated interval" />
      <NumberInput source="uncertainty.high" label="Interval high" step="any" helperText="High end" />
      <NumberInput source="uncertainty.level" label="Interval level" step="any" validate={level} helperText="e.g. 0.95" />
    </Row>
  </>
);
