/**
 * A date box that reads and shows dates as YYYY-MM-DD whatever the browser's locale (a native date input shows
 * mm/dd/yyyy to many of our users). The server reads the same form and says what is wrong with it.
 */
export function IsoDateInput({ id, value }: { id: string; value?: string }) {
  return (
    <input
      id={id}
      name={id}
      type="text"
      inputmode="numeric"
      pattern="\d{4}-\d{2}-\d{2}"
      maxlength={10}
      placeholder="YYYY-MM-DD"
      title="A date as YYYY-MM-DD"
      autocomplete="off"
      value={value ?? ''}
    />
  );
}
