// The load process of the streaming benchmark: holds N SSE streams and reports, for
// each change, the wall-clock time at which the last stream received it.
import http from 'node:http';

const [url, count, authorization] = [process.argv[2], Number(process.argv[3]), process.argv[4] ?? ''];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const received = []; // received[k] = how many streams have seen patch k+1
const seen = new Array(count).fill(0);
const now = () => performance.timeOrigin + performance.now();
const MARKER = 'event: patch';
let ready = 0;

function open(i) {
  const request = http.get(url, { agent, headers: authorization ? { authorization } : {} }, (response) => {
    response.setEncoding('utf8');
    let primed = false;
    let tail = ''; // the end of the previous chunk, in case a marker is split between two
    response.on('data', (chunk) => {
      if (!primed) {
        primed = true;
        ready++;
        if (ready === count) process.send({ type: 'ready' });
      }
      const text = tail + chunk;
      let at = text.indexOf(MARKER);
      while (at !== -1) {
        const k = seen[i]++;
        received[k] = (received[k] ?? 0) + 1;
        if (received[k] === count) process.send({ type: 'all', change: k, at: now() });
        at = text.indexOf(MARKER, at + MARKER.length);
      }
      tail = text.slice(-(MARKER.length - 1));
    });
  });
  request.on('error', (error) => process.send({ type: 'error', message: String(error) }));
}

// Open in batches, so the server's accept queue is not flooded.
let next = 0;
const batch = () => {
  for (let j = 0; j < 500 && next < count; j++) open(next++);
  if (next < count) setTimeout(batch, 20);
};
batch();
process.on('message', (m) => {
  if (m === 'exit') process.exit(0);
});
