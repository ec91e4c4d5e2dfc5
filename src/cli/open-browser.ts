// `--open` of lxp preview and lxp dev: the experience's root route in the system browser. Failing
// to open one (no browser, no display) is not an error: the URL is printed anyway.
export async function openBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    /* no browser: the URL is printed anyway */
  }
}
