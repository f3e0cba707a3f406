import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { sourceStampPlugin } from './source-stamp.ts';

export default defineConfig({
  plugins: [sveltekit(), sourceStampPlugin()],
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
