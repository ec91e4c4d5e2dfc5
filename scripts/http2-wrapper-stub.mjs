// What the CLI bundle gives got in place of the http2-wrapper package (scripts/bundle-cli.mjs).
// got imports http2-wrapper at load time, and with it node:http2 and ~20 modules of its own:
// ~35 ms of every command's start on this machine, for HTTP/2, which lxp never asks for (its got
// instance leaves `http2` false; test/api/light-got.test.ts checks it). got touches the package
// only for a request with `http2: true`; were lxp ever to make one, it fails loudly here instead
// of silently going over HTTP/1.1.
function unused() {
  throw new Error('lxp was built without HTTP/2 support (scripts/http2-wrapper-stub.mjs): a request asked for http2');
}

export default {
  auto: unused,
  get globalAgent() {
    return unused();
  },
};
