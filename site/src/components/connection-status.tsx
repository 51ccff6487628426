import type { DeviceStatus } from '../lib/gate/gate-device.ts';
import type { HubState } from '../lib/gate/gate-hub.ts';

const hubWords: Record<Exclude<HubState, 'none'>, string> = {
  unknown: 'gate hub not reached yet',
  answering: 'gate hub answering',
  unreachable: 'gate hub unreachable',
  refused: 'the gate hub refuses this phone: check its key and event in the setup',
};

/** Online or offline, scans waiting to upload, the gate list, and the gate hub when there is one. */
export function ConnectionStatus(props: { status: DeviceStatus }) {
  const { online, pending, listReady, syncedAt, platform, hub } = props.status;
  const reaching = online && platform === 'up';
  return (
    <p
      class="connection-status"
      aria-live="polite"
      data-online={online ? 'yes' : 'no'}
      data-platform={platform}
      data-hub={hub}
      data-pending={pending}
      data-synced-at={syncedAt ?? ''}
    >
      <span class={`dot ${reaching ? 'on' : 'off'}`} aria-hidden="true" />
      <strong>{!online ? 'Offline' : platform === 'up' ? 'Online' : 'Platform unreachable'}</strong>
      {hub !== 'none' && (
        <>
          {' · '}
          <span data-hub-text>{hubWords[hub]}</span>
        </>
      )}
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
