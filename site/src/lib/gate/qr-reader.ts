import jsQR from 'jsqr';

/**
 * Reads QR codes from the camera: the browser's BarcodeDetector where it
 * has one that knows QR, otherwise jsQR over a canvas. Calls `onCode` once
 * per code until the same code has been out of view for a moment, so a
 * ticket held up to the camera is scanned once.
 */
interface Detector {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}

async function nativeDetector(): Promise<Detector | undefined> {
  const Native = (
    globalThis as { BarcodeDetector?: { new (o: object): Detector; getSupportedFormats?: () => Promise<string[]> } }
  ).BarcodeDetector;
  if (!Native) return undefined;
  try {
    const formats = (await Native.getSupportedFormats?.()) ?? [];
    return formats.includes('qr_code') ? new Native({ formats: ['qr_code'] }) : undefined;
  } catch {
    return undefined;
  }
}

export async function startQrReader(video: HTMLVideoElement, onCode: (code: string) => void): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  const detector = await nativeDetector();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let last = '';
  let lastSeen = 0;

  async function read(): Promise<string | undefined> {
    if (video.videoWidth === 0) return undefined;
    if (detector) return (await detector.detect(video))[0]?.rawValue;
    if (!context) return undefined;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
  }

  const loop = async () => {
    while (!stopped) {
      const code = await read().catch(() => undefined);
      const now = Date.now();
      if (code && (code !== last || now - lastSeen > 3_000)) {
        last = code;
        onCode(code);
      }
      if (code) lastSeen = now;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };
  void loop();
  return () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
}
