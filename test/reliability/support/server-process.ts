/**
 * A churnlens server in its own process, for the load test: its memory is the server's alone. Started with
 * --expose-gc; prints {"url": ...} on stdout once listening, and answers each IPC message "memory" with
 * process.memoryUsage() taken after full garbage collections.
 *
 *   node --expose-gc --import tsx test/reliability/support/server-process.ts DB_PATH
 */
import { serveDatabase, TOKENS } from '../../support/test-server.ts';

const [dbPath] = process.argv.slice(2);
if (!dbPath || !process.send) throw new Error('usage: server-process.ts DB_PATH (with an IPC channel)');
const collect = globalThis.gc;
if (!collect) throw new Error('start the server process with --expose-gc');

const server = await serveDatabase(dbPath, { tokens: TOKENS });
process.on('message', (message) => {
  if (message !== 'memory') return;
  collect();
  collect();
  process.send?.(process.memoryUsage());
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
