import { useState } from 'preact/hooks';

export interface GateEvent {
  id: string;
  name: string;
  when: string;
  timeZone: string;
}

/** The steward chooses the event this phone admits to and names their gate. */
export function GateSetup(props: {
  events: GateEvent[];
  initial: { eventId: string; gateId: string } | undefined;
  onChoose: (choice: { eventId: string; gateId: string }) => void;
}) {
  const [eventId, setEventId] = useState(props.initial?.eventId ?? props.events[0]?.id ?? '');
  const [gateId, setGateId] = useState(props.initial?.gateId ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <form
      class="card gate-setup"
      onSubmit={(event) => {
        event.preventDefault();
        const gate = gateId.trim();
        if (!/^[A-Za-z0-9._:@-]{1,100}$/.test(gate)) {
          setProblem(
            'Name the gate with letters, digits, dots, dashes or underscores, without spaces (for example north-1).',
          );
          return;
        }
        if (!eventId) return setProblem('Choose an event.');
        props.onChoose({ eventId, gateId: gate });
      }}
    >
      <h2>Set up this phone</h2>
      <label for="gate-event">Event</label>
      <select id="gate-event" value={eventId} onChange={(event) => setEventId(event.currentTarget.value)}>
        {props.events.map((event) => (
          <option value={event.id}>
            {event.name}, {event.when}
          </option>
        ))}
      </select>
      <label for="gate-name">Gate name</label>
      <input
        id="gate-name"
        value={gateId}
        placeholder="north-1"
        autocomplete="off"
        onInput={(event) => setGateId(event.currentTarget.value)}
      />
      {problem && <p role="alert">{problem}</p>}
      <div class="actions">
        <button type="submit">Start scanning</button>
      </div>
    </form>
  );
}
