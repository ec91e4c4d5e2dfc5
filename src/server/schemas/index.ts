// Every request-body schema the server validates, by the name Losant's route table gives it.
export { experienceViewPost, experienceViewPatch } from './views.js';
export { experienceVersionPost, experienceVersionPatch } from './versions.js';
export { experienceEndpointPost, experienceEndpointPatch } from './endpoints.js';
export { experienceSlugPost, experienceSlugPatch } from './slugs.js';
export { experienceDomainPost, experienceDomainPatch } from './domains.js';
export { experienceUserPost, experienceUserPatch } from './users.js';
export { experienceGroupPost, experienceGroupPatch } from './groups.js';
export { experienceBootstrapOptions } from './bootstrap.js';
