/** Every `churnlens` subcommand, in the order `churnlens --help` lists them. */
import type { Command } from '../command.ts';
import { classifyCommand } from './classify.ts';
import { evalCommand } from './eval.ts';
import { trainCommand } from './train.ts';
import { serveCommand } from './serve.ts';
import { reportCommand } from './report.ts';

export const COMMANDS: Command[] = [
  classifyCommand,
  evalCommand,
  trainCommand,
  serveCommand,
  reportCommand,
];
