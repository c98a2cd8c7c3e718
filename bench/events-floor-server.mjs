// The floor for the event-ingest benchmark: a bare Node HTTP server that reads each
// batch, parses it, counts its events and answers 202. Nothing is made durable.
import { createServer } from 'node:http';

let events = 0;
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    events += Array.isArray(batch) ? batch.length : 1;
    response.writeHead(202, { 'content-length': 0 });
    response.end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => {
  process.stderr.write(`floor counted ${events} events\n`);
  server.close(() => process.exit(0));
});
