/** The API responses the overview is drawn from, as the typed client infers them. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type SummaryResponse = ResponseOf<ApiClient['api']['summary']['$get']>;
