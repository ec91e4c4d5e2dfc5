// A rolldown plugin of the CLI bundle (scripts/bundle-cli.mjs): see lazyIntlFormatters.
/**
 * Intl formatters a bundled package makes when it loads are made when first used instead. The
 * first Intl.ListFormat of a process loads ICU's list data, ~20 ms of CPU on this machine: got's
 * @sindresorhus/is makes two at load time, for the text of a failed type assertion, which a
 * command that never fails one never needs — every command that connects paid it at start-up.
 * The stand-in makes the real formatter on its first format() and hands the call on, so what
 * is formatted, and how, stays the package's. A package that no longer does this is left as it is.
 */
export function lazyIntlFormatters() {
  const made = /\bnew Intl\.ListFormat\(/g;
  const standIn =
    'class LxpLazyListFormat { #args; #real; constructor(...args) { this.#args = args; } ' +
    '#get() { return (this.#real ??= new Intl.ListFormat(...this.#args)); } ' +
    'format(list) { return this.#get().format(list); } formatToParts(list) { return this.#get().formatToParts(list); } ' +
    'resolvedOptions() { return this.#get().resolvedOptions(); } }\n';
  return {
    name: 'lxp-lazy-intl-formatters',
    transform: {
      filter: { id: /[\\/]node_modules[\\/]/ },
      handler(code) {
        if (!code.includes('new Intl.ListFormat(')) return null;
        return { code: standIn + code.replace(made, 'new LxpLazyListFormat('), map: null };
      },
    },
  };
}
