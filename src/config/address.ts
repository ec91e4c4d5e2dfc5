// Listen addresses: the development sign-in (lxp server, lxp dev) is served on an address only
// this machine reaches, unless asked otherwise.

/** Whether an address only this machine reaches. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);
