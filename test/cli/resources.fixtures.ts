// The experience files the end-to-end tests of endpoints, groups and settings start from.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSample } from '../harness/folder.js';

export const ENDPOINTS = `# the experience's routes
- route: /
  reply: { page: home }
- route: /devices/{deviceId}
  access: group
  groups: [Operators]   # who may see it
  description: Device detail
  tags: { area: devices }
  reply: { page: about, status: 200 }
  unauthorized: { redirect: /login }
  key: device-detail
- route: /api/data
  method: post
`;

export const GROUPS = `- name: Customers
  description: All customers
  children:
    - name: Customer 1
      deviceTags: [{ key: site, value: s1 }]
- name: Operators
`;

export const EXPERIENCE = `globals:
  - key: brandColor
    value: "#0af"
  - key: features
    value: { alerts: true }
cors: { default: true, origins: [https://example.com] }
notFound: { page: home, status: 404 }
responseHeaders: { x-frame-options: DENY }
slugs: [my-app-staging]
`;

export async function writeExperience(dir: string, files: { endpoints?: string; groups?: string; experience?: string } = {}): Promise<void> {
  await writeSample(dir);
  await writeFile(path.join(dir, 'endpoints.yaml'), files.endpoints ?? ENDPOINTS);
  await writeFile(path.join(dir, 'groups.yaml'), files.groups ?? GROUPS);
  await writeFile(path.join(dir, 'experience.yaml'), files.experience ?? EXPERIENCE);
}

