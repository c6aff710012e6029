/** Today's date as a date input holds it (YYYY-MM-DD): when a source was read, or a price took effect. */
export const today = () => new Date().toISOString().slice(0, 10);
