/**
 * Closes connections that hold no request when the server shuts down. Node's own
 * closeIdleConnections leaves a connection that never sent a request open, so one
 * silent client (a load balancer's pre-opened connection) held every shutdown to its
 * deadline. Connections with a request in flight are left to finish.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export function idleConnections(server: Server): { closeIdle(): void } {
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    inFlight.set(socket, 0);
    socket.on('close', () => inFlight.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.on('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (closing && left === 0) socket.destroy();
    });
  });
  return {
    closeIdle() {
      closing = true;
      for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
    },
  };
}
