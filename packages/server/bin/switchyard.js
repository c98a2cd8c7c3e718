#!/usr/bin/env node
// `serve` and `settings` are the server's (dist/cli.js); the operator commands (login,
// flags, accounts, …) are @switchyard/cli's, loaded only for them, so starting a server
// never loads the CLI and the CLI never loads the server.
const argv = process.argv.slice(2);
const [command] = argv;

async function pick() {
  const own =
    command === undefined || command.startsWith('-') || ['serve', 'settings', 'help'].includes(command);
  if (!own) {
    const cli = await import('@switchyard/cli');
    if (cli.commandNames().includes(command)) return cli.run;
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
