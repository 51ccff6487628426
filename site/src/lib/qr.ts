import QRCode from 'qrcode';

/**
 * A ticket's QR code as inline SVG, drawn from the signed payload itself:
 * what a gate scans is exactly the code booking signed. Error correction M
 * keeps a ~150 character code small enough to scan from a phone screen.
 */
export function qrSvg(code: string): Promise<string> {
  return QRCode.toString(code, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
