import { useState } from 'preact/hooks';

/** A ticket's code typed by hand, for a QR code the camera cannot read. */
export function CodeEntry(props: { onCode: (code: string) => void; disabled: boolean }) {
  const [code, setCode] = useState('');
  return (
    <form
      class="code-entry"
      onSubmit={(event) => {
        event.preventDefault();
        // Read what the field holds now, not the last rendered state: a code typed or pasted just before the
        // press must not be lost to a render that has not happened yet.
        const field = event.currentTarget.elements.namedItem('code') as HTMLInputElement | null;
        const value = (field?.value ?? code).trim();
        if (value) props.onCode(value);
        setCode('');
      }}
    >
      <label for="ticket-code">Ticket code</label>
      <div class="row">
        <input
          id="ticket-code"
          name="code"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          value={code}
          onInput={(event) => setCode(event.currentTarget.value)}
        />
        <button type="submit" disabled={props.disabled}>
          Check
        </button>
      </div>
    </form>
  );
}
