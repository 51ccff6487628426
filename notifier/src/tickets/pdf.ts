import PDFDocument from 'pdfkit';

export interface PrintableTicket {
  ticketId: string;
  version: number;
  eventName: string;
  when: string;
  venue: string;
  place: string;
  price: string;
  holder: string | null;
  qr: Buffer;
}

/** One A6 page per ticket, each with its QR code, for fans who print or keep a file. */
export function ticketsPdf(tickets: readonly PrintableTicket[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A6', margin: 24, info: { Title: 'Tickets', Author: 'Ticketing' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  tickets.forEach((ticket, index) => {
    if (index > 0) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(14).text(ticket.eventName);
    doc.font('Helvetica').fontSize(9).text(ticket.when).text(ticket.venue).moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(11).text(ticket.place);
    doc.font('Helvetica').fontSize(9).text(ticket.price);
    if (ticket.holder) doc.text(ticket.holder);
    doc.moveDown(0.5);
    doc.image(ticket.qr, { fit: [170, 170], align: 'center' });
    doc.moveDown(0.5).fontSize(6).fillColor('#555').text(`Ticket ${ticket.ticketId} · version ${ticket.version}`);
    doc.fillColor('#000');
  });
  doc.end();
  return finished;
}
