import type { Verdict } from '../lib/gate/gate-device.ts';
import { verdictWords } from '../lib/gate/verdict-words.ts';

/** The big green or red answer to the last scan, with the reason in words. */
export function ScanVerdict(props: { verdict: Verdict | undefined; refusal: string | undefined; timeZone: string }) {
  if (props.refusal) {
    return (
      <div class="scan-verdict bad" role="alert" data-result="refused">
        <p class="headline">Not checked</p>
        <p>{props.refusal}</p>
      </div>
    );
  }
  if (!props.verdict) {
    return (
      <div class="scan-verdict idle" role="status" data-result="none">
        <p class="headline">Ready to scan</p>
        <p>Point the camera at a ticket's QR code, or type its code below.</p>
      </div>
    );
  }
  const words = verdictWords(props.verdict, props.timeZone);
  return (
    <div
      class={`scan-verdict ${words.ok ? 'good' : 'bad'}`}
      role="alert"
      data-result={props.verdict.result}
      data-mode={props.verdict.mode}
    >
      <p class="headline">{words.headline}</p>
      <p data-reason>{words.reason}</p>
      {props.verdict.mode === 'offline' && (
        <p class="small">Checked on this phone (offline); it uploads when the network is back.</p>
      )}
      {props.verdict.mode === 'hub' && (
        <p class="small">Checked by the venue's gate hub for every phone on it; the platform is unreachable.</p>
      )}
    </div>
  );
}
