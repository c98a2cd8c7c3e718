// Preloaded (`--expose-gc --import`) into each server the streaming benchmark measures,
// the bare floor and Switchyard alike, so their memory figures are taken the same way.
// On the parent's `memory` message: a full collection, then process.memoryUsage() (heap
// room left over from start-up hides in resident memory, not in the live heap after a
// GC); on `cpu`: process.cpuUsage().
if (typeof process.send === 'function' && typeof globalThis.gc === 'function') {
  process.on('message', (message) => {
    // CPU time is the figure the other processes sharing the machine disturb least.
    if (message === 'cpu') process.send({ type: 'cpu', ...process.cpuUsage() });
    if (message !== 'memory') return;
    // Twice: the first collection's finalizers can free more for the second.
    globalThis.gc();
    globalThis.gc();
    const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
    process.send({ type: 'memory', rss, heapTotal, heapUsed, external });
  });
  // The channel must not keep a server alive after SIGTERM.
  process.channel?.unref();
}
