import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { createGateDevice, type DeviceStatus, type GateDevice, type Verdict } from '../lib/gate/gate-device.ts';
import { signal } from '../lib/gate/feedback.ts';
import { CameraView } from './camera-view.tsx';
import { CodeEntry } from './code-entry.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { DuplicateReport } from './duplicate-report.tsx';
import { GateSetup, type GateChoice, type GateEvent } from './gate-setup.tsx';
import { ScanVerdict } from './scan-verdict.tsx';

const setupKey = 'gate-scanner.setup';
const deviceKey = 'gate-scanner.device';

function deviceId(): string {
  let id = localStorage.getItem(deviceKey);
  if (!id) {
    id = `phone-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(deviceKey, id);
  }
  return id;
}

function savedSetup(): GateChoice | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(setupKey) ?? 'null') as {
      eventId?: unknown;
      gateId?: unknown;
      hub?: { url?: unknown; key?: unknown };
    } | null;
    const hub =
      typeof value?.hub?.url === 'string' && typeof value.hub.key === 'string'
        ? { url: value.hub.url, key: value.hub.key }
        : undefined;
    return typeof value?.eventId === 'string' && typeof value.gateId === 'string'
      ? { eventId: value.eventId, gateId: value.gateId, hub }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Registers the service worker and hands it the page and every asset it loaded, so all of it works offline. */
async function keepForOffline(): Promise<void> {
  try {
    await navigator.serviceWorker.register('/gate-sw.js', { scope: '/gate' });
    const ready = await navigator.serviceWorker.ready;
    const assets = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => new URL(url).origin === location.origin && new URL(url).pathname.startsWith('/_astro/'));
    ready.active?.postMessage({ cache: ['/gate', ...assets] });
  } catch {
    // no service worker: the page still works while it stays open
  }
}

/** The scanner page's island: setup, then the camera, typed codes, the answer and the connection. */
export function GateScanner(props: { events: GateEvent[] }) {
  const [choice, setChoice] = useState<GateChoice | undefined>();
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<DeviceStatus>({
    online: true,
    pending: 0,
    listReady: false,
    syncedAt: null,
    platform: 'up',
    hub: 'none',
    duplicates: [],
  });
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [refusal, setRefusal] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);
  const device = useRef<GateDevice | undefined>(undefined);

  useEffect(() => {
    const saved = savedSetup();
    if (saved) setChoice(saved);
    else setEditing(true);
    if ('serviceWorker' in navigator) void keepForOffline();
  }, []);

  useEffect(() => {
    if (!choice) return;
    const current = createGateDevice({ ...choice, deviceId: deviceId() }, setStatus);
    device.current = current;
    void current.start();
    return () => current.stop();
  }, [choice?.eventId, choice?.gateId, choice?.hub?.url, choice?.hub?.key]);

  const scan = useCallback(async (code: string) => {
    if (!device.current) return;
    setChecking(true);
    try {
      const outcome = await device.current.scan(code);
      if (outcome.kind === 'verdict') {
        setRefusal(undefined);
        setVerdict(outcome.verdict);
        signal(outcome.verdict.result === 'valid');
      } else {
        setVerdict(undefined);
        setRefusal(outcome.message);
        signal(false);
      }
    } catch {
      setVerdict(undefined);
      setRefusal('This phone could not check the code. Try again.');
      signal(false);
    } finally {
      setChecking(false);
    }
  }, []);

  const event = props.events.find((e) => e.id === choice?.eventId);
  if (editing || !choice) {
    return (
      <GateSetup
        events={props.events}
        initial={choice}
        onChoose={(next) => {
          localStorage.setItem(setupKey, JSON.stringify(next));
          setChoice(next);
          setEditing(false);
        }}
      />
    );
  }
  return (
    <div class="gate-scanner" data-ready={status.listReady ? 'yes' : 'no'}>
      <ConnectionStatus status={status} />
      <p class="gate-where">
        <strong>{event?.name ?? 'Event'}</strong> · gate <strong>{choice.gateId}</strong>
        {choice.hub && <> · hub {new URL(choice.hub.url).host}</>}{' '}
        <button type="button" class="subtle small" onClick={() => setEditing(true)}>
          Change
        </button>
      </p>
      <ScanVerdict verdict={verdict} refusal={refusal} timeZone={event?.timeZone ?? 'UTC'} />
      <DuplicateReport
        duplicates={status.duplicates}
        timeZone={event?.timeZone ?? 'UTC'}
        onDismiss={() => device.current?.dismissDuplicates()}
      />
      <CameraView onCode={(code) => void scan(code)} />
      <CodeEntry onCode={(code) => void scan(code)} disabled={checking} />
    </div>
  );
}
