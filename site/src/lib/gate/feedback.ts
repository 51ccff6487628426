/** A beep and a buzz where the phone has them: one high tone for yes, two low ones for no. */
let audio: AudioContext | undefined;

export function signal(ok: boolean): void {
  try {
    navigator.vibrate?.(ok ? 120 : [200, 100, 200]);
  } catch {
    // no vibration here
  }
  try {
    audio ??= new AudioContext();
    const tones = ok ? [880] : [220, 220];
    tones.forEach((frequency, i) => {
      const oscillator = audio!.createOscillator();
      const gain = audio!.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.15;
      oscillator.connect(gain).connect(audio!.destination);
      const start = audio!.currentTime + i * 0.25;
      oscillator.start(start);
      oscillator.stop(start + 0.18);
    });
  } catch {
    // no sound here
  }
}
