// A local SMTP sink for bench/newsletter.mjs, in its own process so that receiving does
// not share an event loop with the sender being measured. It accepts everything, keeps
// nothing but a count, and answers { count } to any IPC message.
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count += 1;
      callback();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', () => process.send({ count }));
process.on('disconnect', () => server.close(() => process.exit(0)));
