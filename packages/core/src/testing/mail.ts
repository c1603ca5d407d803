/** Tests' SMTP: nodemailer's JSON transport renders each real message without a network and keeps it here. */
import nodemailer from 'nodemailer';

export function recordingTransport() {
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const delivered: string[] = [];
  const send = transport.sendMail.bind(transport);
  transport.sendMail = (async (mail: Parameters<typeof send>[0]) => {
    const info = await send(mail);
    delivered.push(String((info as { message: string }).message));
    return info;
  }) as typeof transport.sendMail;
  return { transport, delivered };
}
