import QRCode from 'qrcode';

/**
 * A ticket's QR code as a PNG. Error correction M survives a scuffed phone
 * screen or a creased print-out, and the quiet zone of 2 modules is what
 * gate scanners need to find the code.
 */
export function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 320 });
}
