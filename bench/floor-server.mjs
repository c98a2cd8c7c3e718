// The floor for the OFREP benchmark: a bare Node HTTP server that answers every
// request with a constant JSON body of the same shape as an OFREP result.
import { createServer } from 'node:http';

const body = JSON.stringify({
  key: 'checkout',
  value: true,
  reason: 'TARGETING_MATCH',
  variant: '0',
  metadata: { flagVersion: 3 },
});
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
