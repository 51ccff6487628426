import { useEffect, useRef, useState } from 'preact/hooks';
import { startQrReader } from '../lib/gate/qr-reader.ts';

/** The camera's picture with QR codes read from it; started by the steward, stopped when the page goes. */
export function CameraView(props: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'off' | 'starting' | 'on' | 'failed'>('off');
  const stop = useRef<(() => void) | undefined>(undefined);
  const onCode = useRef(props.onCode);
  onCode.current = props.onCode;

  useEffect(() => () => stop.current?.(), []);

  const start = async () => {
    if (!video.current) return;
    setState('starting');
    try {
      stop.current = await startQrReader(video.current, (code) => onCode.current(code));
      setState('on');
    } catch {
      setState('failed');
    }
  };

  return (
    <div class="camera-view" data-camera={state}>
      <video ref={video} aria-label="Camera picture" hidden={state !== 'on'} />
      {state === 'on' ? (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            stop.current?.();
            stop.current = undefined;
            setState('off');
          }}
        >
          Stop camera
        </button>
      ) : (
        <button type="button" onClick={() => void start()} disabled={state === 'starting'}>
          {state === 'starting' ? 'Starting camera…' : 'Scan with camera'}
        </button>
      )}
      {state === 'failed' && (
        <p role="alert">The camera could not be started. Allow the camera for this site, or type the code below.</p>
      )}
    </div>
  );
}
