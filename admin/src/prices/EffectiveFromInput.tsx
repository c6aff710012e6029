import { DateInput, required, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { today } from '../citations/today';

// What the API takes for effectiveFrom: any calendar day from 1900 to 2200, the future included (a
// price a vendor has announced). The form allows exactly that and says when a price is announced.
const firstDay = '1900-01-01';
const lastDay = '2200-12-31';

const inCatalogRange: Validator = (value) =>
  value && (value < firstDay || value > lastDay) ? 'Use a date from 1900-01-01 to 2200-12-31' : undefined;

/** "Effective from": past, today or announced (future); the hint says which. */
export const EffectiveFromInput = () => {
  const value = useWatch({ name: 'effectiveFrom' }) as string | undefined;
  const announced = !!value && value > today() && value <= lastDay;
  return (
    <DateInput
      source="effectiveFrom"
      label="Effective from"
      validate={[required(), inCatalogRange]}
      helperText={
        announced
          ? `Announced price: takes effect on ${value}; until then readers see the current price`
          : 'A future date enters an announced price'
      }
    />
  );
};
