import type { DeviceStatus } from '../lib/gate/gate-device.ts';

/** Online or offline, scans waiting to upload, and whether the gate list is ready for offline use. */
export function ConnectionStatus(props: { status: DeviceStatus }) {
  const { online, pending, listReady, syncedAt } = props.status;
  return (
    <p
      class="connection-status"
      aria-live="polite"
      data-online={online ? 'yes' : 'no'}
      data-pending={pending}
      data-synced-at={syncedAt ?? ''}
    >
      <span class={`dot ${online ? 'on' : 'off'}`} aria-hidden="true" />
      <strong>{online ? 'Online' : 'Offline'}</strong>
      {' · '}
      <span data-pending-text>
        {pending === 0 ? 'no scans waiting' : `${pending} ${pending === 1 ? 'scan' : 'scans'} waiting to upload`}
      </span>
      {' · '}
      <span data-list={listReady ? 'ready' : 'missing'}>
        {listReady ? 'gate list ready' : 'gate list not downloaded yet'}
      </span>
    </p>
  );
}
