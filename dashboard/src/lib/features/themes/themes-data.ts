/** The themes response as the typed client infers it. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type ThemesResponse = ResponseOf<ApiClient['api']['themes']['$get']>;
export type EmergingTheme = ThemesResponse['emerging'][number];
