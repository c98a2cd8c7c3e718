#!/usr/bin/env node
// `serve` and `settings` are the server's (dist/cli.js); the operator commands (login,
// flags, accounts, …) are @switchyard/cli's, loaded only for them, so starting a server
// never loads the CLI and the CLI never loads the server.
const argv = process.argv.slice(2);
const [command] = argv;

const SERVER = ['serve', 'settings', 'help', '--help', '-h', '--version', '-v'];

async function pick() {
  if (command !== undefined && !SERVER.includes(command)) {
    const cli = await import('@switchyard/cli');
    const names = cli.commandNames();
    // Global options may come first: `switchyard --profile staging flags list`.
    if (argv.some((arg) => names.includes(arg))) return cli.run;
  }
  return (await import('../dist/cli.js')).main;
}

pick()
  .then((main) => main(argv))
  .then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`switchyard: ${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
