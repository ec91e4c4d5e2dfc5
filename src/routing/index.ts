// Losant's routing rules, at the bottom of the house: used by the local Experience API (the
// conflict check on save), by the experience runtime (matching requests) and by folder
// validation. No I/O.
export { routeProblem, routeParams, MAX_ROUTE_LENGTH } from './route.js';
export { conflicts, routesConflict, findConflict, type RouteEntry } from './conflicts.js';
export { EndpointRouter, type RouteMatch } from './router.js';
export { endpointKey } from './endpoint-key.js';
