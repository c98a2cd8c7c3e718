import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { waitFor } from '../../server/test/support/events.js';
import type { Io } from '../src/io.js';
import { Output } from '../src/output.js';
import { Progress } from '../src/progress.js';
import { ask } from '../src/prompt.js';

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => text });
}

function io(options: { tty: boolean; env?: NodeJS.ProcessEnv }) {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty });
  const stdout = sink(options.tty);
  const stderr = sink(options.tty);
  return { stdin, stdout, stderr, env: options.env ?? {} } satisfies Io;
}

test('a hidden prompt reads the typed token without echoing it', async () => {
  const terminal = io({ tty: true });
  const answer = ask(terminal, 'API token: ', true);
  terminal.stdin.write('sy-secret-token\n');
  assert.equal(await answer, 'sy-secret-token');
  assert.match(terminal.stderr.text(), /API token: /);
  assert.ok(!terminal.stderr.text().includes('sy-secret'), terminal.stderr.text());
});

test('colour only on a terminal, and never with NO_COLOR', () => {
  const red = '\u001b[31mx\u001b[39m';
  assert.equal(new Output(io({ tty: true }), false).style('red', 'x'), red);
  assert.equal(new Output(io({ tty: false }), false).style('red', 'x'), 'x');
  assert.equal(new Output(io({ tty: true, env: { NO_COLOR: '1' } }), false).style('red', 'x'), 'x');
});

test('the progress line is drawn on a terminal and cleared at the end, and absent in a pipe', async () => {
  const terminal = sink(true);
  const shown = new Progress(terminal);
  shown.set('importing 3 item(s)');
  await waitFor(async () => (terminal.text().split('\r').length > 2 ? true : undefined), 'a redraw');
  shown.done();
  assert.match(terminal.text(), /importing 3 item\(s\) \(\d+\.\ds\)/);
  assert.ok(terminal.text().endsWith('\r\u001b[2K'));
  const pipe = sink(false);
  const hidden = new Progress(pipe);
  hidden.set('importing');
  hidden.done();
  assert.equal(pipe.text(), '');
});
