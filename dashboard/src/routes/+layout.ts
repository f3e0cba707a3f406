// The dashboard is a client-rendered SPA served by the API process; there is no Node server to render on.
export const ssr = false;
export const prerender = false;
