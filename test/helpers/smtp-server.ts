import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (port 0) that parses what arrives into `inbox`. `refuseRecipient` refuses an
 * address for good (550); `failNext(n)` makes the next n messages fail for now (451) after their data is read.
 */
export async function startSmtpServer(opts: { refuseRecipient?: (address: string) => boolean } = {}) {
  const inbox: ParsedMail[] = [];
  let failing = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (opts.refuseRecipient?.(address.address)) return cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
      cb();
    },
    onData(stream, _session, cb) {
      if (failing > 0) {
        failing--;
        stream.resume();
        stream.on('end', () => cb(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((mail) => {
        inbox.push(mail);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    failNext: (n: number) => void (failing = n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The addresses a parsed message was sent to. */
export const recipientsOf = (m: ParsedMail) => (m.to as { value: { address: string }[] }).value.map((v) => v.address);
