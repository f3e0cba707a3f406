// natural 8 imports dotenv, which prints a banner on stdout; commands such as `classify` own stdout, so this
// module must be imported before anything that loads natural.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
