// The name lxp gives an endpoint where a file must be found for it (a reply file), when the
// endpoint carries no key of its own: Losant's own export naming — the method followed by the
// route's words in camel case, "get /devices/{deviceId}" → "getDevicesDeviceId", "get /" →
// "get", "get /{any*}" → "getAny".

export function endpointKey(endpoint: { method: string; route: string }): string {
  const words = endpoint.route.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return endpoint.method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
