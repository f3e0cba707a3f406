/**
 * `churnlens` entry point: dispatches to a subcommand and maps failures to exit codes
 * (0 done, 1 a file or resource could not be processed, 2 usage error).
 */
import '../quiet-dotenv.ts';
import { GLOBAL_OPTIONS_HELP, runCommand } from './command.ts';
import { COMMANDS } from './commands/index.ts';

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `churnlens — churn-insight platform: ingest cancellations, classify reasons, serve insights.

Usage: churnlens <command> [options]

Commands:
${lines.join('\n')}

${GLOBAL_OPTIONS_HELP}

Run \`churnlens <command> --help\` for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) {
    process.stderr.write(`churnlens: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  return runCommand(await entry.load(), args);
}

// A closed pipe (`churnlens classify | head`) is a normal way to stop reading, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
