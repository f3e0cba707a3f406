/** Every `churnlens` subcommand, in the order `churnlens --help` lists them. */
import type { Command } from '../command.ts';
import { classifyCommand } from './classify.ts';
import { demoCommand } from './demo.ts';
import { evalCommand } from './eval.ts';
import { generateCommand } from './generate.ts';
import { ingestCommand } from './ingest.ts';
import { reclassifyCommand } from './reclassify.ts';
import { reportCommand } from './report.ts';
import { serveCommand } from './serve.ts';
import { trainCommand } from './train.ts';

export const COMMANDS: Command[] = [
  demoCommand,
  ingestCommand,
  reclassifyCommand,
  classifyCommand,
  evalCommand,
  trainCommand,
  serveCommand,
  reportCommand,
  generateCommand,
];
