/** Every `churnlens` subcommand, in the order `churnlens --help` lists them. */
import type { Command } from '../command.ts';

export const COMMANDS: Command[] = [];
