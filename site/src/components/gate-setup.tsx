import { useState } from 'preact/hooks';
import { hubAddress, type HubSetup } from '../lib/gate/gate-hub.ts';

export interface GateEvent {
  id: string;
  name: string;
  when: string;
  timeZone: string;
}

export interface GateChoice {
  eventId: string;
  gateId: string;
  /** The venue's gate hub, when the steward set one up. */
  hub?: HubSetup | undefined;
}

/** The steward chooses the event this phone admits to, names their gate and, optionally, gives the gate hub. */
export function GateSetup(props: {
  events: GateEvent[];
  initial: GateChoice | undefined;
  onChoose: (choice: GateChoice) => void;
}) {
  const [eventId, setEventId] = useState(props.initial?.eventId ?? props.events[0]?.id ?? '');
  const [gateId, setGateId] = useState(props.initial?.gateId ?? '');
  const [hubUrl, setHubUrl] = useState(props.initial?.hub?.url ?? '');
  const [hubKey, setHubKey] = useState(props.initial?.hub?.key ?? '');
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
        let hub: HubSetup | undefined;
        if (hubUrl.trim()) {
          const address = hubAddress(hubUrl.trim(), location.protocol);
          if (!address.ok) return setProblem(address.problem);
          if (!hubKey.trim()) return setProblem('Enter the gate hub’s key, as the steward running it shows it.');
          hub = { url: address.url, key: hubKey.trim() };
        }
        props.onChoose({ eventId, gateId: gate, hub });
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
      <fieldset class="gate-hub-setup">
        <legend>Gate hub (optional)</legend>
        <p class="small">
          With a gate hub on the venue’s network, phones keep each other in step while the internet is down: a ticket
          let in at one door is refused at the next.
        </p>
        <label for="gate-hub-url">Hub address</label>
        <input
          id="gate-hub-url"
          value={hubUrl}
          placeholder="http://192.168.1.20:4014"
          autocomplete="off"
          inputmode="url"
          onInput={(event) => setHubUrl(event.currentTarget.value)}
        />
        <label for="gate-hub-key">Hub key</label>
        <input
          id="gate-hub-key"
          value={hubKey}
          autocomplete="off"
          onInput={(event) => setHubKey(event.currentTarget.value)}
        />
      </fieldset>
      {problem && <p role="alert">{problem}</p>}
      <div class="actions">
        <button type="submit">Start scanning</button>
      </div>
    </form>
  );
}
