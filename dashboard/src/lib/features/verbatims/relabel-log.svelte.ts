/**
 * The outcome of the latest relabel. It lives above the verbatim list because a relabel reloads the list
 * (counts move, the row may leave the filtered view) and the message must survive that reload.
 */

import { reasonLabel } from '@churnlens/models/taxonomy';
import { createContext } from 'svelte';
import type { RelabelResult } from './verbatims-data.ts';

export class RelabelLog {
  message = $state<string | null>(null);
  /** Counts the requests to focus the message, made when the relabelled row has left the list with the focus. */
  focusRequests = $state(0);

  requestFocus(): void {
    this.focusRequests += 1;
  }

  record(result: RelabelResult): void {
    const from = result.previousReason ? `from ${reasonLabel(result.previousReason)} ` : '';
    const count = result.cancellations === 1 ? '1 cancellation' : `${result.cancellations} cancellations`;
    this.message = `Relabelled “${truncate(result.text)}” ${from}to ${reasonLabel(result.reason)} (${count} updated).`;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export const [getRelabelLog, setRelabelLog] = createContext<RelabelLog>();
