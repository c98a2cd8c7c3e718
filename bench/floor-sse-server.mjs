// The floor for the streaming benchmark: a bare Node SSE broadcast server. GET /all
// holds a stream; POST /change writes one message to every stream, then answers.
import { createServer } from 'node:http';

const streams = new Set();
const server = createServer((request, response) => {
  if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(':ok\n\n');
    streams.add(response);
    request.on('close', () => streams.delete(response));
    return;
  }
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    const message = `event: patch\ndata: ${body}\n\n`;
    for (const stream of streams) stream.write(message);
    response.end('ok');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
